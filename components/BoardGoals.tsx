import { useState } from 'preact/hooks';
import type { BoardView, GoalRowView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import type { GoalMetric, GoalPeriod } from '@/model/schemas';
import { errorOf, t } from './i18n';

export const METRICS: GoalMetric[] = ['followUpsOnTime', 'customersContacted', 'customersClaimed', 'stageAdvances'];
const PERIODS: GoalPeriod[] = ['week', 'month'];

/** One member's goals as progress bars: done of target this week or month, counted from the data. */
export function GoalProgressList({ row }: { row: GoalRowView }) {
  return (
    <ul class="goal-list">
      {row.goals.map((g) => (
        <li key={`${g.metric}:${g.period}`} class="goal" data-metric={g.metric} data-period={g.period}>
          <span>
            {t(`goal.metric.${g.metric}`)} · {t(`goal.period.${g.period}`)}
          </span>
          <progress max={g.target} value={Math.min(g.done, g.target)} aria-label={t(`goal.metric.${g.metric}`)} />
          <span class={g.done >= g.target ? 'ok num' : 'num'} data-testid="goal-progress">
            {t('goal.progress', { done: g.done, target: g.target })}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Everyone's goals on the board (live as teammates work), and for managers the form to set one. */
export function BoardGoals({ api, view }: { api: ApiClient; view: BoardView }) {
  const active = view.members.filter((m) => m.active);
  const [memberId, setMemberId] = useState(active[0]?.id ?? '');
  const [metric, setMetric] = useState<GoalMetric>('followUpsOnTime');
  const [period, setPeriod] = useState<GoalPeriod>('week');
  const [target, setTarget] = useState('10');
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api.request('setGoal', { memberId: memberId || active[0]!.id, metric, period, target: Number(target) });
      setStatus({ text: t('goal.saved'), error: false });
    } catch (err) {
      setStatus({ text: errorOf(err), error: true });
    }
  };
  return (
    <section class="board-goals card" aria-labelledby="goals-heading">
      <h2 id="goals-heading">{t('goal.heading')}</h2>
      {view.goals.length === 0 && <p class="muted">{t('goal.none')}</p>}
      {view.goals.map((row) => (
        <div key={row.memberId} class="goal-row" data-testid="goal-row" data-member-id={row.memberId}>
          <strong>{row.name}</strong>
          <GoalProgressList row={row} />
        </div>
      ))}
      {view.maySetGoals && (
        <form class="goal-form row" onSubmit={save}>
          <label>
            {t('goal.member')}{' '}
            <select data-testid="goal-member" value={memberId} onChange={(e) => setMemberId(e.currentTarget.value)}>
              {active.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('goal.metric')}{' '}
            <select data-testid="goal-metric" value={metric} onChange={(e) => setMetric(e.currentTarget.value as GoalMetric)}>
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`goal.metric.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('goal.period')}{' '}
            <select data-testid="goal-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as GoalPeriod)}>
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {t(`goal.period.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('goal.target')}{' '}
            <input
              data-testid="goal-target"
              type="number"
              min={0}
              max={100000}
              required
              value={target}
              onInput={(e) => setTarget(e.currentTarget.value)}
            />
          </label>
          <button class="primary" type="submit" data-testid="goal-save">
            {t('goal.save')}
          </button>
          {status && (
            <span class={status.error ? 'error' : 'ok'} role={status.error ? 'alert' : 'status'}>
              {status.text}
            </span>
          )}
        </form>
      )}
    </section>
  );
}
