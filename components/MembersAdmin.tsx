import { useEffect, useState } from 'preact/hooks';
import type { MemberView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import type { AdminMembers, DeviceCode, MemberAdminView, NewInviteResult } from '@/model/admin';
import { Role } from '@/model/schemas';
import { attempt, failureText } from './attempt';
import { CopyLink } from './CopyLink';
import { dateText, relativeTime } from './format';
import { t } from './i18n';
import type { MessageKey } from './messages';

const INVITE_DAYS = [1, 3, 7, 14, 30];
const roleName = (role: Role) => t(`role.${role}` as MessageKey);

/** Admins: invite people, change roles, deactivate (and hand over what they owned), sign devices out. */
export function MembersAdmin({ api, me, members }: { api: ApiClient; me: string; members: MemberView[] }) {
  const [data, setData] = useState<AdminMembers | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [leaver, setLeaver] = useState<MemberAdminView | null>(null);
  const [code, setCode] = useState<{ name: string; code: DeviceCode } | null>(null);
  const load = () =>
    api.request('adminMembers', {}).then(
      (d) => setData(d),
      (err: unknown) => setStatus(failureText(err)),
    );
  // Members change when anyone joins or is changed: the team subscription says so.
  useEffect(() => void load(), [api, members]);
  const nameOf = (id: string | null) => data?.members.find((m) => m.id === id)?.name ?? '';

  const update = async (member: MemberAdminView, patch: { role?: Role; active?: boolean }) => {
    const changed = await attempt(
      () => api.request('updateMember', { memberId: member.id, patch }),
      (m) =>
        patch.active === false
          ? t('admin.deactivated', { name: m.name, n: member.devices.length })
          : patch.role
            ? t('admin.roleChanged', { name: m.name, role: roleName(m.role) })
            : t('prefs.saved'),
      setStatus,
    );
    if (changed && patch.active === false && (changed.ownedCustomers > 0 || changed.openFollowUps > 0)) setLeaver(changed);
    await load();
  };

  return (
    <section class="card" data-testid="admin-members">
      <h2>{t('admin.membersTitle')}</h2>
      <InviteForm api={api} onInvited={load} />
      <ul class="members">
        {data?.members.map((m) => (
          <li
            key={m.id}
            data-testid="member-row"
            data-member-id={m.id}
            data-active={String(m.active)}
            class={m.active ? 'member' : 'member inactive'}
          >
            <div>
              <strong>{m.name}</strong> {m.id === me && <span class="pill">{t('admin.you')}</span>}
              {!m.active && <span class="pill">{t('admin.inactive')}</span>} <small class="muted">{m.email}</small>
              <br />
              <small class="muted">{t('admin.owns', { customers: m.ownedCustomers, tasks: m.openFollowUps })}</small>
            </div>
            <div class="row member-actions">
              <select
                data-testid="member-role"
                aria-label={t('admin.role')}
                value={m.role}
                disabled={m.id === me || !m.active}
                onChange={(e) => void update(m, { role: e.currentTarget.value as Role })}
              >
                {Role.options.map((r) => (
                  <option key={r} value={r}>
                    {roleName(r)}
                  </option>
                ))}
              </select>
              {m.active && (
                <button
                  type="button"
                  data-testid="member-device-code"
                  onClick={() =>
                    void attempt(() => api.request('memberDeviceCode', { memberId: m.id }), '', setStatus).then(
                      (c) => c && setCode({ name: m.name, code: c }),
                    )
                  }
                >
                  {t('admin.deviceCode')}
                </button>
              )}
              {m.id !== me &&
                (m.active ? (
                  <button
                    type="button"
                    data-testid="member-deactivate"
                    onClick={() => {
                      if (confirm(t('admin.deactivateConfirm', { name: m.name }))) void update(m, { active: false });
                    }}
                  >
                    {t('admin.deactivate')}
                  </button>
                ) : (
                  <button type="button" data-testid="member-reactivate" onClick={() => void update(m, { active: true })}>
                    {t('admin.reactivate')}
                  </button>
                ))}
            </div>
            {m.devices.length > 0 && (
              <ul class="devices">
                {m.devices.map((d) => (
                  <li key={d.id} data-testid="device-row" data-device-id={d.id}>
                    {d.label || t('devices.unnamed')}
                    {d.lastUsedAt !== null && (
                      <small class="muted"> · {t('devices.lastUsed', { when: relativeTime(d.lastUsedAt) })}</small>
                    )}{' '}
                    <button
                      type="button"
                      class="link"
                      data-testid="device-revoke"
                      onClick={() => {
                        if (!confirm(t('devices.revokeConfirm', { label: d.label || t('devices.unnamed') }))) return;
                        void attempt(() => api.request('revokeDevice', { deviceId: d.id }), '', setStatus).then(load);
                      }}
                    >
                      {t('devices.revoke')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {code && (
        <>
          <p>{t('admin.deviceCodeFor', { name: code.name, until: dateText(code.code.expiresAt, 'dayTime') })}</p>
          <CopyLink link={code.code.inviteLink} testid="member-device-code-link" />
        </>
      )}
      {status && (
        <p role="status" data-testid="admin-status">
          {status}
        </p>
      )}
      {leaver && <TransferOffer api={api} leaver={leaver} members={members} onDone={() => setLeaver(null)} />}
      {data && data.invites.length > 0 && (
        <>
          <h3>{t('admin.pending')}</h3>
          <ul class="list">
            {data.invites.map((i) => (
              <li key={i.id} data-testid="invite-row" class="spread">
                <span>
                  {i.memberId
                    ? t('admin.pendingDevice', { name: nameOf(i.memberId), until: dateText(i.expiresAt, 'dayTime') })
                    : t('admin.pendingItem', { role: roleName(i.role), until: dateText(i.expiresAt, 'dayTime') })}
                </span>
                <button
                  type="button"
                  class="link"
                  data-testid="invite-withdraw"
                  onClick={() => void attempt(() => api.request('withdrawInvite', { inviteId: i.id }), '', setStatus).then(load)}
                >
                  {t('admin.withdraw')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function InviteForm({ api, onInvited }: { api: ApiClient; onInvited: () => void }) {
  const [role, setRole] = useState<Role>('rep');
  const [days, setDays] = useState(7);
  const [invite, setInvite] = useState<NewInviteResult | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <form
      class="invite"
      onSubmit={(e) => {
        e.preventDefault();
        setStatus(null);
        void attempt(() => api.request('createInvite', { role, days }), '', setStatus).then((r) => {
          if (r) setInvite(r);
          onInvited();
        });
      }}
    >
      <h3>{t('admin.invite')}</h3>
      <div class="row">
        <label>
          {t('admin.inviteRole')}
          <select data-testid="admin-invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {Role.options.map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.inviteDays')}
          <select data-testid="admin-invite-days" value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {INVITE_DAYS.map((d) => (
              <option key={d} value={d}>
                {t('admin.days', { n: d })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" data-testid="admin-invite-create">
          {t('admin.inviteCreate')}
        </button>
      </div>
      {invite && (
        <>
          <p>{t('admin.inviteReady', { until: dateText(invite.expiresAt, 'dayTime') })}</p>
          <CopyLink link={invite.inviteLink} testid="admin-invite-link" />
          <p class="muted">{t('admin.inviteCode', { code: invite.inviteCode })}</p>
        </>
      )}
      {status && <p role="status">{status}</p>}
    </form>
  );
}

/** After a deactivation: who takes over the customers and open follow-ups they leave. */
function TransferOffer({
  api,
  leaver,
  members,
  onDone,
}: {
  api: ApiClient;
  leaver: MemberAdminView;
  members: MemberView[];
  onDone: () => void;
}) {
  const others = members.filter((m) => m.active && m.id !== leaver.id);
  const [toId, setToId] = useState(others[0]?.id ?? '');
  const [status, setStatus] = useState<string | null>(null);
  return (
    <form
      class="transfer-offer"
      data-testid="member-transfer-offer"
      onSubmit={(e) => {
        e.preventDefault();
        void attempt(
          () => api.request('transferMember', { fromId: leaver.id, toId, eventId: crypto.randomUUID() }),
          t('prefs.saved'),
          setStatus,
        ).then((r) => r !== undefined && onDone());
      }}
    >
      <p>{t('admin.transferOffer', { name: leaver.name, customers: leaver.ownedCustomers, tasks: leaver.openFollowUps })}</p>
      <div class="row">
        <select
          data-testid="member-transfer-to"
          value={toId}
          onChange={(e) => setToId(e.currentTarget.value)}
          aria-label={t('team.transferTo')}
        >
          {others.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <button type="submit" class="primary" data-testid="member-transfer" disabled={!toId}>
          {t('admin.transfer')}
        </button>
      </div>
      {status && <p role="status">{status}</p>}
    </form>
  );
}
