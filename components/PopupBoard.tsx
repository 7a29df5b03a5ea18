import type { PopupView } from '@/client/api';
import { GoalProgressList } from './BoardGoals';
import { stageName, t } from './i18n';

/** The popup's link to the board, my customers breaking the team's stage rules, and my goals. */
export function PopupBoard({ view }: { view: PopupView }) {
  const openBoard = () => void browser.tabs.create({ url: browser.runtime.getURL('/board.html') });
  return (
    <section class="popup-board" aria-label={t('board.title')}>
      {view.breaches.length > 0 && (
        <>
          <h2>{t('rules.heading')}</h2>
          <ul class="followups">
            {view.breaches.map((b) => (
              <li
                key={`${b.kind}:${b.customerId}`}
                class="task"
                data-testid="rule-breach-item"
                data-kind={b.kind}
                data-customer-id={b.customerId}
              >
                <div class="task-body">
                  <strong class="task-customer">{b.name}</strong>
                  <div class={b.kind === 'escalated' ? 'error small' : 'muted small'}>
                    {t(`rules.breach.${b.kind}`, { stage: stageName(b.stage), days: b.idleDays })}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {view.goals && (
        <>
          <h2>{t('goal.mine')}</h2>
          <div data-testid="my-goals">
            <GoalProgressList row={view.goals} />
          </div>
        </>
      )}
      <button type="button" class="link" data-testid="open-board" onClick={openBoard}>
        {t('board.open')}
      </button>
    </section>
  );
}
