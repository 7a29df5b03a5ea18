import { useState } from 'preact/hooks';
import type { SidebarView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { may } from '@/model/permissions';
import { errorText, stageName, t } from './i18n';

interface Props {
  api: ApiClient;
  view: SidebarView;
  viewId: string;
}

/** Who owns the customer and what stage it is in: claim, ask for or make a hand-off, change the stage. */
export function OwnerPanel({ api, view, viewId }: Props) {
  const [message, setMessage] = useState<string | null>(null);
  const [handingOff, setHandingOff] = useState(false);
  const { customer, selected, session } = view;
  if (!selected || !session) return null;
  const me = session.member;
  const isManager = may(me.role, 'reassignCustomers');
  const run = async (action: () => Promise<unknown>, done?: string) => {
    setMessage(null);
    try {
      await action();
      if (done) setMessage(done);
    } catch (e) {
      const err = e as { code?: string; message?: string };
      setMessage(errorText(err.code ?? '', err.message ?? String(e)));
    }
  };
  const owner = customer?.ownerId ? (customer.ownerName ?? '?') : null;
  const mine = customer?.ownerId === me.id;
  return (
    <section class="owner">
      <div class="row spread">
        <span data-testid="customer-owner" class={owner ? '' : 'muted'}>
          {owner ? t('customer.owner', { name: owner }) : t('customer.noOwner')}
        </span>
        {!owner && (
          <button
            type="button"
            class="primary"
            data-testid="claim"
            onClick={() => void run(() => api.request('claimCustomer', { viewId, candidateKey: selected.key }))}
          >
            {t('owner.claim')}
          </button>
        )}
        {owner && customer && !mine && !isManager && (
          <button
            type="button"
            data-testid="ask-handoff"
            onClick={() =>
              void run(
                () =>
                  api.request('askHandOff', {
                    customerId: customer.id,
                    noteId: crypto.randomUUID(),
                    body: t('owner.askHandOffBody', { customer: customer.name, name: me.name }),
                  }),
                t('owner.askSent', { owner }),
              )
            }
          >
            {t('owner.askHandOff', { owner })}
          </button>
        )}
        {owner && customer && (mine || isManager) && !handingOff && (
          <button type="button" data-testid="handoff" onClick={() => setHandingOff(true)}>
            {mine ? t('owner.handOff') : t('owner.reassign')}
          </button>
        )}
      </div>
      {handingOff && customer && (
        <HandOffForm
          view={view}
          onCancel={() => setHandingOff(false)}
          onSubmit={(toId, note, moveTasks) =>
            run(async () => {
              await api.request('handOffCustomer', { customerId: customer.id, toId, note, moveTasks });
              setHandingOff(false);
            })
          }
        />
      )}
      {customer && (
        <label class="row" style={{ fontWeight: 400, margin: '6px 0 0' }}>
          <span class="muted">{t('stage.label')}</span>
          <select
            data-testid="stage"
            value={customer.stage}
            onChange={(e) => void run(() => api.request('setStage', { customerId: customer.id, stage: e.currentTarget.value }))}
          >
            {[...new Set([customer.stage, ...view.stages])].map((s) => (
              <option key={s} value={s}>
                {stageName(s)}
              </option>
            ))}
          </select>
        </label>
      )}
      {message && (
        <p class="muted" role="status" data-testid="owner-message">
          {message}
        </p>
      )}
    </section>
  );
}

function HandOffForm({
  view,
  onCancel,
  onSubmit,
}: {
  view: SidebarView;
  onCancel: () => void;
  onSubmit: (toId: string, note: string, moveTasks: boolean) => Promise<void>;
}) {
  const others = view.members.filter((m) => m.active && m.id !== view.customer?.ownerId);
  const [toId, setToId] = useState(others[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [moveTasks, setMoveTasks] = useState(true);
  return (
    <form
      class="card"
      style={{ padding: '8px', marginTop: '6px' }}
      onSubmit={(e) => {
        e.preventDefault();
        if (toId && note.trim()) void onSubmit(toId, note.trim(), moveTasks);
      }}
    >
      <label for="handoff-to">{t('owner.handOffTo')}</label>
      <select id="handoff-to" data-testid="handoff-to" value={toId} onChange={(e) => setToId(e.currentTarget.value)}>
        {others.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
      <label for="handoff-note">{t('owner.handOffNote')}</label>
      <textarea id="handoff-note" data-testid="handoff-note" required value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <label class="row" style={{ fontWeight: 400 }}>
        <input type="checkbox" style={{ width: 'auto' }} checked={moveTasks} onChange={(e) => setMoveTasks(e.currentTarget.checked)} />
        {t('owner.moveTasks')}
      </label>
      <div class="row" style={{ marginTop: '6px' }}>
        <button type="submit" class="primary" data-testid="handoff-submit" disabled={!toId || !note.trim()}>
          {t('owner.handOffSubmit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('owner.cancel')}
        </button>
      </div>
    </form>
  );
}
