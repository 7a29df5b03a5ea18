import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import type { StageRule, TeamSettings } from '@/model/schemas';
import { attempt } from './attempt';
import { stageName, t } from './i18n';

type Draft = { followUp: string; title: string; idle: string; escalate: string };
const blank: Draft = { followUp: '', title: '', idle: '', escalate: '' };
const days = (text: string) => (text.trim() === '' ? null : Math.max(0, Math.round(Number(text))));

function draftOf(rule: StageRule | undefined): Draft {
  if (!rule) return blank;
  const s = (n: number | null) => (n === null ? '' : String(n));
  return { followUp: s(rule.nextFollowUpDays), title: rule.title, idle: s(rule.idleDays), escalate: s(rule.escalateDays) };
}

/**
 * The team's follow-up SOP (admins): per stage, the follow-up that entering it makes and when a
 * customer idle in it goes cold for its owner and escalates to a manager. Empty fields: no rule.
 */
export function StageRulesForm({ api, settings }: { api: ApiClient; settings: TeamSettings }) {
  const init = () => Object.fromEntries(settings.stages.map((s) => [s, draftOf(settings.stageRules.find((r) => r.stage === s))]));
  const [drafts, setDrafts] = useState<Record<string, Draft>>(init);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setDrafts(init()), [settings]);
  const set = (stage: string, patch: Partial<Draft>) => setDrafts({ ...drafts, [stage]: { ...(drafts[stage] ?? blank), ...patch } });
  const save = (e: Event) => {
    e.preventDefault();
    const stageRules: StageRule[] = [];
    for (const stage of settings.stages) {
      const d = drafts[stage] ?? blank;
      const rule = { stage, nextFollowUpDays: days(d.followUp), idleDays: days(d.idle) || null, escalateDays: days(d.escalate) || null };
      if (rule.nextFollowUpDays === null && rule.idleDays === null && rule.escalateDays === null) continue;
      // The follow-up is titled in the admin's words; a default in the UI's language otherwise.
      const title = d.title.trim() || t('rules.defaultTitle', { stage: stageName(stage) });
      stageRules.push({ ...rule, title });
    }
    void attempt(() => api.request('updateTeamSettings', { patch: { stageRules } }), t('prefs.saved'), setStatus);
  };
  return (
    <form class="card" onSubmit={save} data-testid="stage-rules">
      <h2>{t('rules.title')}</h2>
      <p class="muted small">{t('rules.help')}</p>
      <table class="rules-table">
        <thead>
          <tr>
            <th scope="col">{t('stage.label')}</th>
            <th scope="col">{t('rules.followUpDays')}</th>
            <th scope="col">{t('rules.followUpTitle')}</th>
            <th scope="col">{t('rules.idleDays')}</th>
            <th scope="col">{t('rules.escalateDays')}</th>
          </tr>
        </thead>
        <tbody>
          {settings.stages.map((stage) => {
            const d = drafts[stage] ?? blank;
            const label = stageName(stage);
            return (
              <tr key={stage} data-testid="rule-row" data-stage={stage}>
                <th scope="row">{label}</th>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={365}
                    data-testid="rule-followup-days"
                    aria-label={`${label}: ${t('rules.followUpDays')}`}
                    value={d.followUp}
                    onInput={(e) => set(stage, { followUp: e.currentTarget.value })}
                  />
                </td>
                <td>
                  <input
                    type="text"
                    maxLength={300}
                    data-testid="rule-title"
                    aria-label={`${label}: ${t('rules.followUpTitle')}`}
                    value={d.title}
                    onInput={(e) => set(stage, { title: e.currentTarget.value })}
                  />
                </td>
                <td>
                  <input
                    type="number"
                    min={1}
                    max={365}
                    data-testid="rule-idle-days"
                    aria-label={`${label}: ${t('rules.idleDays')}`}
                    value={d.idle}
                    onInput={(e) => set(stage, { idle: e.currentTarget.value })}
                  />
                </td>
                <td>
                  <input
                    type="number"
                    min={1}
                    max={365}
                    data-testid="rule-escalate-days"
                    aria-label={`${label}: ${t('rules.escalateDays')}`}
                    value={d.escalate}
                    onInput={(e) => set(stage, { escalate: e.currentTarget.value })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        <button type="submit" class="primary" data-testid="rules-save">
          {t('prefs.save')}
        </button>{' '}
        {status && <span role="status">{status}</span>}
      </p>
    </form>
  );
}
