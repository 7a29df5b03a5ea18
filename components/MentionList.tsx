import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { MemberView } from '@/client/api';
import { t } from './i18n';
import { insertMention, mentionQuery, suggestions } from './mentions';

interface Options {
  text: string;
  onText(text: string): void;
  members: readonly MemberView[];
  meId: string;
  /** The text box's id: the list's and options' ids are made from it. */
  inputId: string;
}

/**
 * @mentions in a text box: typing `@` and a few letters lists matching teammates (an ARIA
 * listbox the box controls, its active option named by aria-activedescendant); ↑/↓ move, Enter
 * or Tab picks, Esc closes the list (and only the list), a click picks too. A hand-written few
 * lines: the mention libraries on npm write into the DOM themselves (Tribute's menu is built
 * with innerHTML) or bring a whole editor, for a sidebar that is over its size budget already.
 */
export function useMentions({ text, onText, members, meId, inputId }: Options) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  // The `@` whose list was closed (Esc, or a name picked): it stays closed until that `@` is gone.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const query = caret === null ? null : mentionQuery(text, caret);
  const options = query && query.start !== dismissed ? suggestions(members, query.query, meId) : [];
  const open = options.length > 0;
  const index = Math.min(active, Math.max(0, options.length - 1));
  const listId = `${inputId}-mentions`;
  const optionId = (m: MemberView) => `${listId}-${m.id}`;

  const onCaret = (el: HTMLTextAreaElement) => {
    const at = el.selectionStart === el.selectionEnd ? el.selectionStart : null;
    if (at !== caret) setActive(0);
    setCaret(at);
    if (dismissed !== null && el.value[dismissed] !== '@') setDismissed(null);
  };
  const pick = (m: MemberView) => {
    if (!query || caret === null) return;
    const next = insertMention(text, query.start, caret, m.name);
    onText(next.text);
    setCaret(next.caret);
    setActive(0);
    setDismissed(query.start);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(next.caret, next.caret);
    });
  };
  /** Handles the key if the list is open (true: the text box must not act on it). */
  const onKeyDown = (e: KeyboardEvent): boolean => {
    if (!open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      setActive((index + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
      pick(options[index]!);
    } else if (e.key === 'Escape') {
      setDismissed(query!.start);
    } else {
      return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  };
  const inputProps = {
    ref,
    'aria-autocomplete': 'list' as const,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? optionId(options[index]!) : undefined,
    onKeyUp: (e: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') onCaret(e.currentTarget);
    },
    onClick: (e: JSX.TargetedMouseEvent<HTMLTextAreaElement>) => onCaret(e.currentTarget),
    onBlur: () => setCaret(null),
  };
  return { open, options, index, listId, optionId, pick, onCaret, onKeyDown, inputProps };
}

/** The teammates matching the `@name` being typed. */
export function MentionList({ state }: { state: ReturnType<typeof useMentions> }) {
  if (!state.open) return null;
  return (
    <ul class="mention-list" role="listbox" id={state.listId} aria-label={t('mention.list')} data-testid="mention-list">
      {state.options.map((m, i) => (
        <li
          key={m.id}
          id={state.optionId(m)}
          role="option"
          aria-selected={i === state.index}
          data-testid="mention-option"
          // Not a click: the text box would lose focus (and the list) before it.
          onMouseDown={(e) => {
            e.preventDefault();
            state.pick(m);
          }}
        >
          <strong>{m.name}</strong> <span class="muted">{m.email}</span>
        </li>
      ))}
    </ul>
  );
}
