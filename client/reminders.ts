import { localDateString, startOfDayAfter } from '@/model/calendar';
import { daysOverdue, isQuietTime, nextDailyAt, quietUntil } from '@/model/followups';
import { may } from '@/model/permissions';
import type { Task } from '@/model/schemas';
import { t } from '@/components/i18n';
import { coalesced } from './coalesce';
import type { BackgroundState } from './context';

export const REMINDER_ALARM = 'sidenote-reminder';
export const DIGEST_ALARM = 'sidenote-digest';
const DAY = 86_400_000;
/** A follow-up that fell due longer ago than this (say, before the extension was installed) is not announced. */
const ANNOUNCE_WITHIN = DAY;

const open = (task: Task) => task.doneAt === null && task.deletedAt === null;
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * Reminders: a notification when a follow-up falls due (clicking opens the page it was made on),
 * my overdue count on the toolbar badge, a daily digest at the hour I chose, and for managers
 * one notification per follow-up overdue past the team's escalation limit. Quiet hours hold
 * notifications back until they end. Each reminder is shown once (`$notified`).
 */
export class Reminders {
  constructor(private readonly state: BackgroundState) {}

  /** Brings badge, notifications and the next alarm up to date; calls made meanwhile coalesce into one more run. */
  readonly refresh = coalesced(() => this.refreshOnce(Date.now()));

  private async refreshOnce(now: number): Promise<void> {
    const { db } = this.state;
    const session = await this.state.getSession();
    if (!session) {
      await browser.action.setBadgeText({ text: '' });
      await browser.alarms.clear(REMINDER_ALARM);
      return;
    }
    const prefs = await this.state.getPrefs();
    const mine = (await db.tasks.where('assigneeId').equals(session.member.id).toArray()).filter(open);

    // 1. The badge: how many of my follow-ups are overdue.
    const overdue = mine.filter((task) => task.dueAt <= now).length;
    await browser.action.setBadgeBackgroundColor({ color: '#b91c1c' });
    await browser.action.setBadgeText({ text: overdue ? String(Math.min(overdue, 999)) : '' });

    // 2. Notifications, unless it is quiet time: then the alarm fires when quiet hours end.
    const quiet = isQuietTime(now, zone(), prefs.quiet);
    if (!quiet) {
      for (const task of mine) {
        if (task.dueAt <= now && task.dueAt > now - ANNOUNCE_WITHIN) await this.announceDue(task);
      }
      if (may(session.member.role, 'viewTeam')) await this.escalate(now);
      await this.announceMentions(session.member.id, now);
    }

    // 3. The next time something falls due (or quiet hours end).
    const upcoming = mine.filter((task) => task.dueAt > now).map((task) => task.dueAt);
    const next = Math.min(...upcoming, quiet ? quietUntil(now, zone(), prefs.quiet) : Infinity);
    if (Number.isFinite(next)) await browser.alarms.create(REMINDER_ALARM, { when: next });
    else await browser.alarms.clear(REMINDER_ALARM);
    if (prefs.digestHour === null) await browser.alarms.clear(DIGEST_ALARM);
    else if (!(await browser.alarms.get(DIGEST_ALARM)))
      await browser.alarms.create(DIGEST_ALARM, { when: nextDailyAt(now, prefs.digestHour, zone()) });
  }

  /** Shows `key`'s notification once; returns whether it was shown now. */
  private async once(key: string, id: string, title: string, message: string): Promise<boolean> {
    const { db } = this.state;
    const fresh = await db.transaction('rw', db.$notified, async () => {
      if (await db.$notified.get(key)) return false;
      await db.$notified.put({ key, at: Date.now() });
      return true;
    });
    if (fresh) await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message });
    return fresh;
  }

  private async announceDue(task: Task): Promise<void> {
    const customer = await this.state.db.customers.get(task.customerId);
    await this.once(
      `due:${task.id}:${task.dueAt}`,
      `task:${task.id}`,
      customer?.name ?? t('app.name'),
      t('notify.due', { title: task.title }),
    );
  }

  /** A teammate asking me something on a customer (a hand-off request, say) reaches me once. */
  private async announceMentions(memberId: string, now: number): Promise<void> {
    const { db } = this.state;
    const recent = (await db.notes.where('mentions').equals(memberId).toArray()).filter(
      (note) => note.authorId !== memberId && note.deletedAt === null && note.createdAt > now - 7 * DAY,
    );
    for (const note of recent) {
      const [customer, author] = await Promise.all([db.customers.get(note.customerId), db.members.get(note.authorId)]);
      await this.once(
        `mention:${note.id}`,
        `note:${note.id}`,
        customer?.name ?? t('app.name'),
        `${author?.name ?? '?'}: ${note.body.slice(0, 200)}`,
      );
    }
  }

  private async escalate(now: number): Promise<void> {
    const { db } = this.state;
    const session = (await this.state.getSession())!;
    const settings = ((await db.teams.get(session.team.id)) ?? session.team).settings;
    const limit = now - settings.escalationDays * DAY;
    for (const task of (await db.tasks.where('dueAt').below(limit).toArray()).filter(open)) {
      const [customer, assignee] = await Promise.all([db.customers.get(task.customerId), db.members.get(task.assigneeId)]);
      await this.once(
        `esc:${task.id}`,
        `task:${task.id}:esc`,
        t('notify.escalationTitle', { customer: customer?.name ?? '?' }),
        t('notify.escalation', { assignee: assignee?.name ?? '?', title: task.title, days: daysOverdue(task, now, zone()) }),
      );
    }
  }

  /** The daily digest: once a day, at the chosen hour (held back by quiet hours). */
  async digest(now = Date.now()): Promise<void> {
    const session = await this.state.getSession();
    const prefs = await this.state.getPrefs();
    await browser.alarms.clear(DIGEST_ALARM);
    if (!session || prefs.digestHour === null) return;
    if (isQuietTime(now, zone(), prefs.quiet)) {
      await browser.alarms.create(DIGEST_ALARM, { when: quietUntil(now, zone(), prefs.quiet) });
      return;
    }
    const mine = (await this.state.db.tasks.where('assigneeId').equals(session.member.id).toArray()).filter(open);
    const endOfToday = startOfDayAfter(now, 1, zone());
    const overdue = mine.filter((task) => task.dueAt <= now).length;
    const today = mine.filter((task) => task.dueAt > now && task.dueAt < endOfToday).length;
    if (overdue + today > 0) {
      await this.once(`digest:${localDateString(now, zone())}`, 'digest', t('notify.digestTitle'), t('notify.digest', { overdue, today }));
    }
    await browser.alarms.create(DIGEST_ALARM, { when: nextDailyAt(now, prefs.digestHour, zone()) });
  }

  /** Opens the page a follow-up was made on when its notification is clicked. */
  async clicked(notificationId: string): Promise<void> {
    const taskId = /^task:([^:]+)/.exec(notificationId)?.[1];
    const task = taskId ? await this.state.db.tasks.get(taskId) : undefined;
    if (task?.source && /^https?:\/\//.test(task.source.url)) await browser.tabs.create({ url: task.source.url });
    await browser.notifications.clear(notificationId);
  }
}
