import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CustomerTarget, SidebarView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import type { NoteChange, NoteKind } from '@/model/schemas';
import { CustomerManage } from './CustomerManage';
import { remainderAfterSave, useDraftStore, type DraftStore } from './drafts';
import { HistoryList } from './HistoryList';
import { relativeTime } from './format';
import { errorOf, locale, refusalText, t } from './i18n';
import { LinkPage } from './LinkPage';
import { NoteComposer, type NoteExtras } from './NoteComposer';
import { NotesSection } from './NotesSection';
import { PinnedNotes } from './PinnedNotes';
import { Search } from './Search';
import { SidebarHeader } from './SidebarHeader';
import { TaskPanel } from './TaskPanel';
import { useSubscription } from './useSubscription';

/** The sidebar beside a host page: who is on screen, their owner, follow-ups and the team's notes. */
export function Sidebar({ api, viewId }: { api: ApiClient; viewId: string }) {
  const [candidateKey, setCandidateKey] = useState<string | null>(null);
  const { value: view, error } = useSubscription(api, 'sidebar', { viewId, candidateKey });
  const drafts = useDraftStore();
  useEffect(() => {
    document.documentElement.lang = locale();
  }, []);
  useSidebarKeys(api, viewId);
  if (!view) {
    return (
      <p class="muted" style={{ padding: '14px' }}>
        {error ? errorOf(error) : t('sidebar.waiting')}
      </p>
    );
  }
  const target = targetOf(view, viewId);
  return (
    <div class="sidebar">
      <SidebarHeader api={api} view={view} viewId={viewId} target={target} onPick={setCandidateKey} />
      {view.session && <Search api={api} layout="overlay" currentCustomerId={view.customer?.id ?? null} />}
      {view.refusals.map((r) => (
        <div key={r.mutationID} class="banner" role="alert" data-testid="refusal">
          <span>{refusalText(r)}</span>
          <button type="button" class="small" onClick={() => void api.request('dismissRefusal', { mutationID: r.mutationID })}>
            {t('refusal.dismiss')}
          </button>
        </div>
      ))}
      {view.handOff && (
        <div class="pinned" role="note" data-testid="handoff-pinned">
          <div class="byline">
            {t('handoff.pinned', { actor: view.handOff.actorName })} · {relativeTime(view.handOff.at)}
          </div>
          {view.handOff.note && <div class="body">{view.handOff.note}</div>}
          <button
            type="button"
            class="small"
            data-testid="handoff-read"
            onClick={() => void api.request('markHandOffRead', { eventId: view.handOff!.eventId })}
          >
            {t('handoff.read')}
          </button>
        </div>
      )}
      {view.acks.map((a) => (
        <div key={a.noteId} class="pinned" role="alert" data-testid="ack-banner" data-note-id={a.noteId}>
          <div class="body">
            {t('change.banner', { author: a.authorName, topic: t(`change.topic.${a.change.topic}`), summary: a.change.summary })} ·{' '}
            {relativeTime(a.at)}
          </div>
          <button type="button" class="small" data-testid="ack" onClick={() => void api.request('acknowledgeChange', { noteId: a.noteId })}>
            {t('change.ack')}
          </button>
        </div>
      ))}
      <SidebarBody view={view} api={api} viewId={viewId} target={target} drafts={drafts} />
    </div>
  );
}

/**
 * What the sidebar's actions are about: the customer by its id once it is one (the view resolved
 * it already), else the page's candidate, which the first note, follow-up or claim creates.
 */
function targetOf(view: SidebarView, viewId: string): CustomerTarget | null {
  if (view.customer) return { customerId: view.customer.id };
  return view.selected ? { viewId, candidateKey: view.selected.key } : null;
}

/** Where what is typed about the customer on screen is kept: its id, else its candidate key. */
function draftKeyOf(view: SidebarView, drafts: DraftStore): string {
  const candidate = view.selected && `candidate:${view.selected.key}`;
  if (!view.customer) return candidate ?? `page:${view.context?.url ?? ''}`;
  // The first note just made this candidate a customer: what was typed for it stays with it.
  if (candidate) drafts.adopt(candidate, view.customer.id);
  return view.customer.id;
}

/** Esc hides the sidebar (unless something inside handled it); focus arriving from the page lands in the note box. */
function useSidebarKeys(api: ApiClient, viewId: string) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) void api.request('closeSidebar', { viewId });
    };
    const onFocus = () => {
      if (document.activeElement === document.body) document.querySelector<HTMLElement>('[data-testid="note-input"]')?.focus();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('focus', onFocus);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('focus', onFocus);
    };
  }, [api, viewId]);
}

interface BodyProps {
  view: SidebarView;
  api: ApiClient;
  viewId: string;
  target: CustomerTarget | null;
  drafts: DraftStore;
}

function SidebarBody({ view, api, viewId, target, drafts }: BodyProps) {
  const key = draftKeyOf(view, drafts);
  const draft = drafts.get(key);
  const message = (text: string, action?: ComponentChildren) => (
    <main class="scroll">
      <p class="muted">{text}</p>
      {action}
    </main>
  );
  if (!view.session) {
    return message(
      t('sidebar.signedOut'),
      <button class="primary" type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('sidebar.openOptions')}
      </button>,
    );
  }
  const linkPage = view.context && (
    <LinkPage
      api={api}
      viewId={viewId}
      name={draft.linkName ?? view.context.title}
      onName={(linkName) => drafts.update(key, { linkName })}
    />
  );
  const selected = view.selected;
  if (!view.context || (view.context.layout === 'idle' && !selected)) return message(t('sidebar.idle'), linkPage);
  if (view.context.layout === 'unrecognised' && !selected) return message(t('sidebar.unrecognised'), linkPage);
  if (!selected || !target) return message(t('sidebar.noCustomer'), linkPage);
  const me = view.session.member;
  // Each save is bound to the customer it was typed for, even if the page moves on meanwhile.
  const saveNote = async (body: string, kind: NoteKind, change: NoteChange | null, extras: NoteExtras) => {
    await api.request('addNote', { viewId, target, noteId: crypto.randomUUID(), body, kind, change, ...extras });
    drafts.update(key, (d) => ({ note: remainderAfterSave(d.note, body) }));
  };
  return (
    <>
      <main class="scroll">
        <PinnedNotes pinned={view.pinned} api={api} />
        <TaskPanel
          api={api}
          view={view}
          me={me}
          draft={draft.task}
          onDraft={(task) => drafts.update(key, { task })}
          onCreate={(task) => api.request('createTask', { viewId, target, ...task })}
        />
        <NotesSection
          view={view}
          api={api}
          me={me}
          onFollowUp={(note) =>
            drafts.update(key, {
              task: { open: true, title: note.body.split('\n')[0]!.slice(0, 120), due: '', assigneeId: '', noteId: note.id },
            })
          }
        />
        <HistoryList history={view.history} />
        <CustomerManage api={api} view={view} />
        {linkPage}
      </main>
      <footer>
        <NoteComposer
          key={key}
          text={draft.note}
          onText={(note) => drafts.update(key, { note })}
          onSave={saveNote}
          members={view.members}
          meId={me.id}
          ownerId={view.customer?.ownerId ?? null}
        />
      </footer>
    </>
  );
}
