import { questionHours } from '@/model/questions';
import { useEffect, useState } from 'preact/hooks';
import type { MemberView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import type { PublicSession } from '@/client/session';
import type { TeamSettings } from '@/model/schemas';
import { may } from '@/model/permissions';
import { ActivityLog } from './ActivityLog';
import { attempt } from './attempt';
import { DataTransfer } from './DataTransfer';
import { DevicesCard } from './DevicesCard';
import { stageKey, stageName, t } from './i18n';
import { MembersAdmin } from './MembersAdmin';
import { StageRulesForm } from './StageRulesForm';
import { TeamProfile } from './TeamProfile';

/**
 * The signed-in member's own devices, and what their role may administer (model/permissions.ts):
 * admins manage members, the team's name, domains, stages and limits, read the activity log and
 * export or import the team's data; managers move a departing member's customers.
 */
export function TeamAdmin({
  api,
  session,
  members,
  settings,
}: {
  api: ApiClient;
  session: PublicSession;
  members: MemberView[];
  settings: TeamSettings;
}) {
  const role = session.member.role;
  return (
    <>
      <DevicesCard api={api} />
      {may(role, 'manageMembers') && <MembersAdmin api={api} me={session.member.id} members={members} />}
      {may(role, 'changeSettings') && <TeamProfile api={api} team={session.team} />}
      {may(role, 'changeSettings') && <SettingsForm api={api} settings={settings} />}
      {may(role, 'changeSettings') && <StageRulesForm api={api} settings={settings} />}
      {may(role, 'reassignCustomers') && <TransferForm api={api} members={members} />}
      {may(role, 'viewActivity') && <ActivityLog api={api} members={members} />}
      {may(role, 'exportData') && <DataTransfer api={api} teamName={session.team.name} />}
    </>
  );
}

function SettingsForm({ api, settings }: { api: ApiClient; settings: TeamSettings }) {
  // Stages are edited by the names the team reads (线索, 已报价…) and stored as the keys they stand for.
  const [stages, setStages] = useState(settings.stages.map(stageName).join('\n'));
  const [escalationDays, setEscalationDays] = useState(settings.escalationDays);
  const [staleDays, setStaleDays] = useState(settings.staleDays);
  const [hours, setHours] = useState(questionHours(settings));
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    setStages(settings.stages.map(stageName).join('\n'));
    setEscalationDays(settings.escalationDays);
    setStaleDays(settings.staleDays);
    setHours(questionHours(settings));
  }, [settings]);
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        const list = [
          ...new Set(
            stages
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean)
              .map(stageKey),
          ),
        ];
        void attempt(
          () => api.request('updateTeamSettings', { patch: { stages: list, escalationDays, staleDays, questionHours: hours } }),
          t('prefs.saved'),
          setStatus,
        );
      }}
    >
      <h2>{t('team.title')}</h2>
      <label for="team-stages">{t('team.stages')}</label>
      <textarea id="team-stages" data-testid="team-stages" rows={6} value={stages} onInput={(e) => setStages(e.currentTarget.value)} />
      <label for="team-escalation">{t('team.escalationDays')}</label>
      <input
        id="team-escalation"
        type="number"
        min={1}
        max={60}
        value={escalationDays}
        onInput={(e) => setEscalationDays(Number(e.currentTarget.value))}
      />
      <label for="team-stale">{t('team.staleDays')}</label>
      <input
        id="team-stale"
        type="number"
        min={1}
        max={365}
        value={staleDays}
        onInput={(e) => setStaleDays(Number(e.currentTarget.value))}
      />
      <label for="team-question-hours">{t('team.questionHours')}</label>
      <input
        id="team-question-hours"
        data-testid="team-question-hours"
        type="number"
        min={1}
        max={720}
        value={hours}
        onInput={(e) => setHours(Number(e.currentTarget.value))}
      />
      <p>
        <button type="submit" class="primary">
          {t('prefs.save')}
        </button>{' '}
        {status && <span role="status">{status}</span>}
      </p>
    </form>
  );
}

function TransferForm({ api, members }: { api: ApiClient; members: MemberView[] }) {
  const [fromId, setFromId] = useState('');
  const [toId, setToId] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const name = (id: string) => members.find((m) => m.id === id)?.name ?? '';
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        if (!fromId || !toId || fromId === toId) return;
        if (!confirm(t('team.transferConfirm', { from: name(fromId), to: name(toId) }))) return;
        void attempt(() => api.request('transferMember', { fromId, toId, eventId: crypto.randomUUID() }), t('prefs.saved'), setStatus);
      }}
    >
      <h2>{t('team.transferTitle')}</h2>
      <div class="row">
        <label>
          {t('team.transferFrom')}
          <select data-testid="transfer-from" value={fromId} onChange={(e) => setFromId(e.currentTarget.value)}>
            <option value="" />
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('team.transferTo')}
          <select data-testid="transfer-to" value={toId} onChange={(e) => setToId(e.currentTarget.value)}>
            <option value="" />
            {members
              .filter((m) => m.active && m.id !== fromId)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      <p>
        <button type="submit" data-testid="transfer" disabled={!fromId || !toId || fromId === toId}>
          {t('team.transfer')}
        </button>{' '}
        {status && <span role="status">{status}</span>}
      </p>
    </form>
  );
}
