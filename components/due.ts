import type { TaskView } from '@/client/api';
import { localTimeZone, startOfDayAfter } from '@/model/calendar';
import { daysOverdue, dueBucket, type QuickPick } from '@/model/followups';
import { dateText } from './format';
import { t } from './i18n';

export const PICKS: QuickPick[] = ['today', 'tomorrow', 'in3days', 'nextWeek'];

/** A follow-up's due time in a few words: "3 d overdue", "today 18:00", "tomorrow 9:00", "Fri 9:00", "Dec 12". */
export function dueText(task: Pick<TaskView, 'dueAt' | 'doneAt'>, now = Date.now()): { text: string; late: boolean } {
  const zone = localTimeZone();
  const bucket = dueBucket({ ...task, deletedAt: null }, now, zone);
  const time = dateText(task.dueAt, 'time');
  if (bucket === 'overdue') {
    const days = daysOverdue({ ...task, deletedAt: null }, now, zone);
    return { text: days > 0 ? t('tasks.daysOverdue', { days }) : `${t('tasks.overdue')} ${time}`, late: true };
  }
  if (bucket === 'today') return { text: `${t('tasks.dueToday')} ${time}`, late: false };
  if (task.dueAt < startOfDayAfter(now, 2, zone)) return { text: `${t('tasks.dueTomorrow')} ${time}`, late: false };
  if (bucket === 'week') return { text: `${dateText(task.dueAt, 'weekday')} ${time}`, late: false };
  return { text: dateText(task.dueAt, 'day'), late: false };
}
