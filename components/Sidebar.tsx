import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SidebarView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { CustomerManage } from './CustomerManage';
import { HistoryList } from './HistoryList';
import { LinkPage } from './LinkPage';
import { errorText, locale, refusalText, t } from './i18n';
import { OwnerPanel } from './OwnerPanel';
import { TaskPanel, type TaskDraft } from './TaskPanel';
import { NoteComposer } from './NoteComposer';
import { NoteList } from './NoteList';
import { SyncStatus } from './SyncStatus';
import { useSubscription } from './useSubscription';

/** The sidebar beside a host page: the customer on screen, their owner and the team's notes. */
export function Sidebar({ api, viewId }: { api: ApiClient; viewId: string }) {
  const [candidateKey, setCandidateKey] = useState<string | null>(null);
  const { value: view, error } = useSubscription(api, 'sidebar', { viewId, candidateKey });
  useEffect(() => {
    document.documentElement.lang = locale();
  }, []);
  if (!view) {
    return (
      <p class="muted" style={{ padding: '14px' }}>
        {error ? errorText(error.code, error.message) : t('sidebar.waiting')}
      </p>
    );
  }
  return (
    <div class="sidebar">
      <SidebarHeader view={view} onPick={setCandidateKey} api={api} viewId={viewId} />
      {view.refusals.map((r) => (
        <div key={r.mutationID} class="banner" role="alert">
          {refusalText(r)}{' '}
          <button type="button" onClick={() => void api.request('dismissRefusal', { mutationID: r.mutationID })}>
            {t('refusal.dismiss')}
          </button>
        </div>
      ))}
      <SidebarBody view={view} api={api} viewId={viewId} />
    </div>
  );
}

function SidebarHeader({
  view,
  onPick,
  api,
  viewId,
}: {
  view: SidebarView;
  onPick: (key: string) => void;
  api: ApiClient;
  viewId: string;
}) {
  const { selected, customer } = view;
  const showCustomer = view.session && view.context && selected;
  return (
    <header>
      <div class="row spread">
        <h1 data-testid="customer-name">{customer?.name ?? selected?.name ?? t('app.name')}</h1>
        <SyncStatus sync={view.sync} />
      </div>
      {showCustomer && <OwnerPanel api={api} view={view} viewId={viewId} />}
      {showCustomer && !customer && <div class="muted">{t('sidebar.newCustomer')}</div>}
      {view.candidates.length > 1 && (
        <label class="muted" style={{ fontWeight: 400 }}>
          {t('sidebar.otherCandidates')}
          <select value={selected?.key} onChange={(e) => onPick(e.currentTarget.value)}>
            {view.candidates.map((c) => (
              <option key={c.key} value={c.key}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </header>
  );
}

function SidebarBody({ view, api, viewId }: { view: SidebarView; api: ApiClient; viewId: string }) {
  const [draft, setDraft] = useState<TaskDraft | null>(null);
  const onDraftUsed = useCallback(() => setDraft(null), []);
  const message = (text: string, action?: preact.ComponentChildren) => (
    <div class="scroll">
      <p class="muted">{text}</p>
      {action}
    </div>
  );
  if (!view.session) {
    return message(
      t('sidebar.signedOut'),
      <button class="primary" type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('sidebar.openOptions')}
      </button>,
    );
  }
  const linkPage = view.context && <LinkPage api={api} viewId={viewId} suggestedName={view.context.title} />;
  const selected = view.selected;
  if (!view.context || (view.context.layout === 'idle' && !selected)) return message(t('sidebar.idle'), linkPage);
  if (view.context.layout === 'unrecognised' && !selected) return message(t('sidebar.unrecognised'), linkPage);
  if (!selected) return message(t('sidebar.noCustomer'), linkPage);
  const save = async (body: string) => {
    await api.request('addNote', { viewId, noteId: crypto.randomUUID(), candidateKey: selected.key, body });
  };
  return (
    <>
      <div class="scroll">
        <TaskPanel api={api} view={view} viewId={viewId} draft={draft} onDraftUsed={onDraftUsed} />
        <h2>{t('notes.title')}</h2>
        <NoteList notes={view.notes} onFollowUp={(note) => setDraft({ title: note.body.split('\n')[0]!.slice(0, 120), noteId: note.id })} />
        <HistoryList history={view.history} />
        <CustomerManage api={api} view={view} />
        {linkPage}
      </div>
      <footer>
        <NoteComposer onSave={save} />
      </footer>
    </>
  );
}
