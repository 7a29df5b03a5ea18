import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { CustomerTarget, SidebarView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { may } from '@/model/permissions';
import { errorOf, stageName, t } from './i18n';
import { initials } from './initials';
import { focusOnMount, isSaveShortcut, onEscape } from './keys';
import { Menu, type MenuItem } from './Menu';

interface Props {
  api: ApiClient;
  view: SidebarView;
  /** The customer on screen, by id once it is one, else the page's candidate. */
  target: CustomerTarget;
  /** Shown on the owner's line after the owner (the Follow button). */
  beside?: ComponentChildren;
  /** The page this sidebar is beside (a note written from here records it). */
  viewId?: string;
}

/**
 * Who owns the customer (their initials; the hand-off actions in a menu), or a claim button
 * when nobody does, and the stage. A message says what happened or why it could not.
 */
export function OwnerPanel({ api, view, target, viewId, beside }: Props) {
  const [message, setMessage] = useState<string | null>(null);
  const [handingOff, setHandingOff] = useState(false);
  const { customer, session } = view;
  if (!session) return null;
  const me = session.member;
  const isManager = may(me.role, 'reassignCustomers');
  const run = async (action: () => Promise<unknown>, done?: string) => {
    setMessage(null);
    try {
      await action();
      if (done) setMessage(done);
      return true;
    } catch (e) {
      setMessage(errorOf(e));
      return false;
    }
  };
  const owner = customer?.ownerId ? (customer.ownerName ?? '?') : null;
  const mine = customer?.ownerId === me.id;
  const items: MenuItem[] = [];
  if (owner && customer && (mine || isManager)) {
    items.push({ label: mine ? t('owner.handOff') : t('owner.reassign'), testid: 'handoff', onSelect: () => setHandingOff(true) });
  }
  if (owner && customer && !mine && !isManager) {
    items.push({
      label: t('owner.askHandOff', { owner }),
      testid: 'ask-handoff',
      onSelect: () =>
        void run(
          () =>
            api.request('askHandOff', {
              customerId: customer.id,
              noteId: crypto.randomUUID(),
              body: t('owner.askHandOffBody', { customer: customer.name, name: me.name }),
              viewId,
            }),
          t('owner.askSent', { owner }),
        ),
    });
  }
  return (
    <>
      <div class="owner-line">
        {owner ? (
          <Menu label={t('customer.ownerMenu', { name: owner })} testid="customer-owner" triggerClass="owner-chip" items={items}>
            {/* Initials drawn by CSS, so the chip's text is the name its label starts with. */}
            <span class="avatar" aria-hidden="true" data-initials={initials(owner)} />
            {/* A short Chinese name is its own initials: said once. */}
            <span class="owner-name" data-owner={owner}>
              {initials(owner) === owner ? '' : owner}
            </span>
          </Menu>
        ) : (
          <>
            <span class="muted" data-testid="customer-owner" data-owner="">
              {t('customer.noOwner')}
            </span>
            <button
              type="button"
              class="primary small"
              data-testid="claim"
              title={t('owner.claimHint')}
              onClick={() => void run(() => api.request('claimCustomer', { target, eventId: crypto.randomUUID() }))}
            >
              {t('owner.claim')}
            </button>
          </>
        )}
        {beside}
        {customer && (
          <select
            class="stage"
            data-testid="stage"
            aria-label={t('stage.label')}
            title={t('stage.label')}
            value={customer.stage}
            onChange={(e) =>
              void run(() =>
                api.request('setStage', { customerId: customer.id, stage: e.currentTarget.value, eventId: crypto.randomUUID() }),
              )
            }
          >
            {[...new Set([customer.stage, ...view.stages])].map((s) => (
              <option key={s} value={s}>
                {stageName(s)}
              </option>
            ))}
          </select>
        )}
      </div>
      {handingOff && customer && (
        <HandOffForm
          view={view}
          onCancel={() => setHandingOff(false)}
          onSubmit={(toId, note, moveTasks) =>
            run(() =>
              api.request('handOffCustomer', { customerId: customer.id, toId, note, moveTasks, eventId: crypto.randomUUID() }),
            ).then((ok) => ok && setHandingOff(false))
          }
        />
      )}
      {message && (
        <p class="muted small" role="status" data-testid="owner-message">
          {message}
        </p>
      )}
    </>
  );
}

function HandOffForm({
  view,
  onCancel,
  onSubmit,
}: {
  view: SidebarView;
  onCancel: () => void;
  onSubmit: (toId: string, note: string, moveTasks: boolean) => Promise<unknown>;
}) {
  const others = view.members.filter((m) => m.active && m.id !== view.customer?.ownerId);
  const [toId, setToId] = useState(others[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [moveTasks, setMoveTasks] = useState(true);
  const submit = () => toId && note.trim() && void onSubmit(toId, note.trim(), moveTasks);
  return (
    <form
      class="card handoff-form"
      aria-label={t('owner.handOff')}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        onEscape(onCancel)(e);
        if (isSaveShortcut(e)) {
          e.preventDefault();
          submit();
        }
      }}
    >
      <label for="handoff-to">{t('owner.handOffTo')}</label>
      <select id="handoff-to" data-testid="handoff-to" value={toId} ref={focusOnMount} onChange={(e) => setToId(e.currentTarget.value)}>
        {others.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
      <label for="handoff-note">{t('owner.handOffNote')}</label>
      <textarea id="handoff-note" data-testid="handoff-note" required value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <label class="check">
        <input type="checkbox" checked={moveTasks} onChange={(e) => setMoveTasks(e.currentTarget.checked)} />
        {t('owner.moveTasks')}
      </label>
      <div class="row end">
        <button type="button" onClick={onCancel}>
          {t('owner.cancel')}
        </button>
        <button type="submit" class="primary" data-testid="handoff-submit" disabled={!toId || !note.trim()}>
          {t('owner.handOffSubmit')}
        </button>
      </div>
    </form>
  );
}
