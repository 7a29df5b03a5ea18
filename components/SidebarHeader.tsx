import { may } from '@/model/permissions';
import { useState } from 'preact/hooks';
import type { CustomerTarget, SidebarView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { MAX_CUSTOMER_NAME } from '@/model/schemas';
import { errorOf, t } from './i18n';
import { focusOnMount, onEscape } from './keys';
import { OwnerPanel } from './OwnerPanel';
import { SyncStatus } from './SyncStatus';

interface Props {
  api: ApiClient;
  view: SidebarView;
  viewId: string;
  target: CustomerTarget | null;
  onPick(candidateKey: string): void;
}

/**
 * Who this is, compactly: the company (renamable) and the person on screen, the owner and the
 * stage; the sync state as one word; the button that hides the sidebar.
 */
export function SidebarHeader({ api, view, viewId, target, onPick }: Props) {
  const [renaming, setRenaming] = useState(false);
  const { selected, customer, session } = view;
  const me = session?.member;
  const shown = Boolean(session && view.context && selected && target);
  // The mutators' rule (model/mutators/customers.ts): its owner, anyone while it has none, a manager.
  const mayRename = customer && me && (customer.ownerId === null || customer.ownerId === me.id || may(me.role, 'reshapeOthersCustomers'));
  const name = customer?.name ?? selected?.name ?? t('app.name');
  return (
    <header class="head">
      <div class="title-line">
        {renaming && customer ? (
          <RenameForm api={api} customerId={customer.id} name={customer.name} onDone={() => setRenaming(false)} />
        ) : (
          <h1 data-testid="customer-name" title={name}>
            {name}
          </h1>
        )}
        {mayRename && !renaming && (
          <button
            type="button"
            class="icon"
            data-testid="customer-rename"
            aria-label={t('customer.rename')}
            title={t('customer.rename')}
            onClick={() => setRenaming(true)}
          >
            ✎
          </button>
        )}
        {shown && !customer && (
          <span class="pill" title={t('sidebar.newHint')}>
            {t('sidebar.newPill')}
          </span>
        )}
        <span class="spacer" />
        <SyncStatus sync={view.sync} />
        <button
          type="button"
          class="icon"
          data-testid="sidebar-hide"
          aria-label={t('sidebar.hide')}
          title={t('sidebar.hide')}
          onClick={() => void api.request('closeSidebar', { viewId })}
        >
          ×
        </button>
      </div>
      {shown && selected && <PersonLine view={view} />}
      {shown && target && (
        <OwnerPanel
          api={api}
          view={view}
          target={target}
          viewId={viewId}
          beside={customer && <FollowButton api={api} customerId={customer.id} following={view.following} />}
        />
      )}
      {view.candidates.length > 1 && (
        <label class="candidates">
          <span>{t('sidebar.otherCandidates')}</span>
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

/** Follow the customer (told of its new notes; one of those who acknowledge its changes), or stop. */
function FollowButton({ api, customerId, following }: { api: ApiClient; customerId: string; following: boolean }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        class={`small follow${following ? ' on' : ''}`}
        data-testid="customer-follow"
        aria-pressed={following}
        title={error ?? t('follow.hint')}
        onClick={() => {
          setError(null);
          api
            .request('followCustomer', { customerId, follow: !following })
            .catch((e: unknown) => setError(t('follow.error', { message: errorOf(e) })));
        }}
      >
        {following ? `★ ${t('follow.following')}` : `☆ ${t('follow.follow')}`}
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** The person on screen beside the company: their name, or their address when the customer is that person. */
function PersonLine({ view }: { view: SidebarView }) {
  const person = view.selected?.people[0];
  if (!person) return null;
  const customerName = view.customer?.name ?? view.selected?.name;
  const label = person.name && person.name !== customerName ? person.name : person.email;
  const more = (view.selected?.people.length ?? 1) - 1;
  return (
    <div class="person" data-testid="customer-person" title={person.email}>
      {label}
      {label !== person.email && <span class="muted"> · {person.email}</span>}
      {more > 0 && <span class="muted"> +{more}</span>}
    </div>
  );
}

function RenameForm({ api, customerId, name, onDone }: { api: ApiClient; customerId: string; name: string; onDone(): void }) {
  const [text, setText] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const next = text.trim();
    if (!next || next === name) return onDone();
    try {
      await api.request('renameCustomer', { customerId, name: next, eventId: crypto.randomUUID() });
      onDone();
    } catch (e) {
      setError(errorOf(e));
    }
  };
  return (
    <form
      class="rename"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={onEscape(onDone)}
    >
      <input
        ref={focusOnMount}
        data-testid="customer-rename-input"
        aria-label={t('customer.rename')}
        maxLength={MAX_CUSTOMER_NAME}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" class="primary small" data-testid="customer-rename-save">
        {t('customer.renameSave')}
      </button>
      <button type="button" class="small" onClick={onDone}>
        {t('customer.renameCancel')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
