import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchHit } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { relativeTime } from './format';
import { errorOf, t } from './i18n';

interface Props {
  api: ApiClient;
  /** The sidebar: results float over the notes. The popup: they take the place of its lists. */
  layout: 'overlay' | 'inline';
  /** The customer on screen (the sidebar's): its notes are shown in place rather than opened again. */
  currentCustomerId?: string | null;
  /** Called with whether a query is being shown, so the popup can set its lists aside meanwhile. */
  onActive?(active: boolean): void;
}

const DEBOUNCE_MS = 120;
const REFRESH_WHILE_INDEXING_MS = 1_000;

/** Text with the spans that matched as <mark> elements (elements, never markup from the text). */
export function Marked({ text, marks }: { text: string; marks: [number, number][] }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  marks.forEach(([start, end], i) => {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={i}>{text.slice(start, end)}</mark>);
    at = end;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/**
 * Search across every customer and note of the team in the local database, in Chinese and
 * English: type, and the matches come as you type (customers first, then the newest notes);
 * ↓ and ↑ move through them, Enter opens one (the page it was written on, or its customer's
 * last page), Esc clears the search.
 */
export function Search({ api, layout, currentCustomerId = null, onActive }: Props) {
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ query: string; hits: SearchHit[]; pending: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const active = query.trim().length > 0;

  useEffect(() => onActive?.(active), [active]);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResult(null);
      return;
    }
    let current = true;
    let timer: ReturnType<typeof setTimeout>;
    const ask = () =>
      api.request('search', { query: q, limit: 20 }).then(
        (found) => {
          if (!current) return;
          setError(null);
          setResult({ query: q, ...found });
          // Notes still arriving (a first sync, a pull) are not in the index yet: ask again shortly.
          if (found.pending > 0) timer = setTimeout(() => void ask(), REFRESH_WHILE_INDEXING_MS);
        },
        (e: unknown) => current && setError(errorOf(e)),
      );
    timer = setTimeout(() => void ask(), DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, query]);

  const items = () => [...(list.current?.querySelectorAll<HTMLElement>('[data-result-action]') ?? [])];
  const move = (e: KeyboardEvent, from: number) => {
    const all = items();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = from + (e.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) input.current?.focus();
      else all[Math.min(next, all.length - 1)]?.focus();
    } else if (e.key === 'Escape' && query) {
      // Handled here: the sidebar's Esc (hide) waits until the search is cleared.
      e.preventDefault();
      setQuery('');
      input.current?.focus();
    }
  };
  const showInPlace = (hit: SearchHit) => {
    const el = hit.noteId && document.querySelector<HTMLElement>(`[data-note-id="${CSS.escape(hit.noteId)}"]`);
    setQuery('');
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('flash');
    setTimeout(() => el.classList.remove('flash'), 1600);
  };

  const hits = result?.hits ?? [];
  const shown = active && result !== null;
  return (
    <div class={`search search-${layout}`} role="search">
      <input
        ref={input}
        id={`search-${layout}`}
        aria-label={t('search.label')}
        type="search"
        data-testid="search-input"
        placeholder={t('search.placeholder')}
        autocomplete="off"
        spellcheck={false}
        maxLength={200}
        value={query}
        aria-controls={active ? `search-results-${layout}` : undefined}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => move(e, -1)}
      />
      {active && (
        <div class="search-results" id={`search-results-${layout}`}>
          {error && (
            <p class="error small" role="alert">
              {error}
            </p>
          )}
          {shown && (
            <p class="muted small search-summary" role="status">
              {hits.length === 0 ? t('search.none') : t('search.count', { count: hits.length === 20 ? '20+' : hits.length })}
              {result.pending > 0 && ` · ${t('search.indexing')}`}
            </p>
          )}
          <ul ref={list} class="search-list">
            {hits.map((hit, i) => (
              <SearchResult
                key={`${hit.kind}:${hit.noteId ?? hit.customerId}`}
                hit={hit}
                inPlace={hit.customerId === currentCustomerId && hit.kind === 'note'}
                onKeyDown={(e) => move(e, i)}
                onShowInPlace={() => showInPlace(hit)}
              />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

interface ResultProps {
  hit: SearchHit;
  /** Its note is in the sidebar right now: shown there, not opened in another tab. */
  inPlace: boolean;
  onKeyDown(e: KeyboardEvent): void;
  onShowInPlace(): void;
}

function SearchResult({ hit, inPlace, onKeyDown, onShowInPlace }: ResultProps) {
  const body = (
    <>
      <span class="search-customer">
        <Marked text={hit.customerName} marks={hit.nameMarks} />
        {hit.kind === 'customer' && <span class="pill">{t('search.customer')}</span>}
      </span>
      {hit.kind === 'note' && (
        <>
          <span class="search-text">
            <Marked text={hit.text} marks={hit.marks} />
          </span>
          <span class="muted small">
            {[hit.noteKind && hit.noteKind !== 'note' ? t(`noteKind.${hit.noteKind}`) : null, hit.authorName, relativeTime(hit.at)]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </>
      )}
      {!inPlace && !hit.pageUrl && <span class="muted small">{t('search.noPage')}</span>}
    </>
  );
  const label = hit.pageUrl ? t('search.open') : undefined;
  return (
    <li data-testid="search-result" data-kind={hit.kind} data-customer-id={hit.customerId} data-note-id={hit.noteId ?? undefined}>
      {inPlace ? (
        <button type="button" class="search-item" data-result-action onClick={onShowInPlace} onKeyDown={onKeyDown}>
          {body}
        </button>
      ) : hit.pageUrl ? (
        <a
          class="search-item"
          href={hit.pageUrl}
          target="_blank"
          rel="noopener noreferrer"
          title={label}
          data-result-action
          onKeyDown={onKeyDown}
        >
          {body}
        </a>
      ) : (
        <div class="search-item" tabIndex={0} data-result-action onKeyDown={onKeyDown}>
          {body}
        </div>
      )}
    </li>
  );
}
