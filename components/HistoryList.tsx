import type { EventView } from '@/client/api';
import { fullTime, relativeTime } from './format';
import { stageName, t } from './i18n';

/** History lines whose `note` is a message for the team (the hand-off note), shown under the line. */
export const WITH_NOTE = new Set<EventView['type']>(['handoff', 'reassign', 'transfer']);

/** One history line in words: "Li Wei handed off to Zhang San". */
export function historyText(e: EventView): string {
  const names =
    e.type === 'stage'
      ? { actor: e.actorName, from: stageName(e.fromName ?? ''), to: stageName(e.toName ?? ''), note: '' }
      : { actor: e.actorName, from: e.fromName ?? '—', to: e.toName ?? '—', note: e.note };
  return t(`history.${e.type}`, names);
}

/** The customer's history, newest first: owners, stages, renames and corrections, with hand-off notes. */
export function HistoryList({ history }: { history: EventView[] }) {
  if (history.length === 0) return null;
  return (
    <details class="history">
      <summary>
        {t('history.title')} ({history.length})
      </summary>
      <ul class="notes">
        {history.map((e) => {
          return (
            <li key={e.id} class="note" data-testid="history-item" data-type={e.type}>
              <div class="byline">
                <time title={fullTime(e.at)}>{relativeTime(e.at)}</time>
              </div>
              <div>{historyText(e)}</div>
              {e.note && WITH_NOTE.has(e.type) && <div class="body muted">“{e.note}”</div>}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
