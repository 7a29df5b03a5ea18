import { localDateString, localTimeZone, startOfDayAfter } from '@/model/calendar';
import { daysOverdue, isQuietTime, nextDailyAt, quietUntil } from '@/model/followups';
import { questionHours } from '@/model/questions';
import { may } from '@/model/permissions';
import type { Task } from '@/model/schemas';
import { stageName, t } from '@/components/i18n';
import { attentionItems, ruleBreaches } from './board-views';
import type { Session } from './session';
import Dexie from 'dexie';
import { coalesced } from './coalesce';
import { answersToMyQuestions, myQuestions, notesOnFollowed } from './question-views';
import { customersById, membersById } from './views';
import { readAwaiting } from './awaiting';
import type { SidenoteDB } from './db';
import type { BackgroundState } from './context';

export const REMINDER_ALARM = 'sidenote-reminder';
export const DIGEST_ALARM = 'sidenote-digest';
const DAY = 86_400_000;
/** A follow-up that fell due longer ago than this (say, before the extension was installed) is not announced. */
const ANNOUNCE_WITHIN = DAY;
/** More new notifications of one kind than this at once become one summary. */
const AT_ONCE = 3;

/** A member's open follow-ups (client/derived-indexes.ts keeps `openDueAt` on open ones only). */
export function openTasksOf(db: SidenoteDB, memberId: string): Promise<Task[]> {
  return db.tasks.where('[assigneeId+openDueAt]').between([memberId, Dexie.minKey], [memberId, Dexie.maxKey]).toArray();
}

/** One notification: shown once per `key` (`$notified`), under the notification id `id`. */
interface Notice {
  key: string;
  id: string;
  title: string;
  message: string;
}

/**
 * Reminders: a notification when a follow-up falls due (clicking opens the page it was made on),
 * the toolbar badge (my overdue follow-ups; for a manager, the team's), a daily digest at the
 * hour I chose, a notice when a customer is handed to me or a teammate mentions me, and for
 * managers one notification per follow-up overdue past the team's escalation limit. Quiet hours
 * hold notifications back until they end. Each is shown once; a flood (a manager joining a team
 * with 300 overdue follow-ups) arrives as one summary.
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
      await browser.action.setTitle({ title: t('app.name') });
      await browser.alarms.clear(REMINDER_ALARM);
      return;
    }
    const prefs = await this.state.getPrefs();
    const manager = may(session.member.role, 'viewTeam');
    // Through the open follow-ups' own indexes: years of done ones are never read.
    const mine = await openTasksOf(db, session.member.id);
    const teamOverdue = manager ? await db.tasks.where('openDueAt').belowOrEqual(now).toArray() : [];

    // 1. The badge: my overdue follow-ups; for a manager, the whole team's (hers included).
    const overdue = manager ? teamOverdue.length : mine.filter((task) => task.dueAt <= now).length;
    await browser.action.setBadgeBackgroundColor({ color: '#b91c1c' });
    await browser.action.setBadgeText({ text: overdue ? String(Math.min(overdue, 999)) : '' });
    await browser.action.setTitle({
      title: overdue ? `${t('app.name')}: ${t(manager ? 'badge.teamOverdue' : 'badge.mineOverdue', { count: overdue })}` : t('app.name'),
    });

    // 2. Notifications, unless it is quiet time: then the alarm fires when quiet hours end.
    const quiet = isQuietTime(now, localTimeZone(), prefs.quiet);
    if (!quiet) {
      await this.announceDue(
        mine.filter((task) => task.dueAt <= now && task.dueAt > now - ANNOUNCE_WITHIN),
        now,
      );
      if (manager) await this.escalate(teamOverdue, now);
      if (manager) await this.escalateCold(session, now);
      await this.announceMentions(session.member.id, now);
      await this.announceHandoffs(session.member.id, now);
      await this.announceChanges(session.member.id, now);
      await this.announceQuestions(session, now);
      await this.announceAnswers(session.member.id, now);
      await this.announceFollowed(session.member.id, now);
    }

    // 3. The next time something falls due (or quiet hours end).
    const upcoming = mine.filter((task) => task.dueAt > now).map((task) => task.dueAt);
    const next = Math.min(...upcoming, quiet ? quietUntil(now, localTimeZone(), prefs.quiet) : Infinity);
    if (Number.isFinite(next)) await browser.alarms.create(REMINDER_ALARM, { when: next });
    else await browser.alarms.clear(REMINDER_ALARM);
    if (prefs.digestHour === null) await browser.alarms.clear(DIGEST_ALARM);
    else if (!(await browser.alarms.get(DIGEST_ALARM)))
      await browser.alarms.create(DIGEST_ALARM, { when: nextDailyAt(now, prefs.digestHour, localTimeZone()) });
  }

  /**
   * Shows the notices not shown before. More than AT_ONCE new ones become the one `summary`
   * (all of them then count as shown), so nobody is buried in notifications.
   */
  private async announce(notices: Notice[], summary?: (count: number) => Notice): Promise<void> {
    const { db } = this.state;
    if (notices.length === 0) return;
    const fresh = await db.transaction('rw', db.$notified, async () => {
      const known = await db.$notified.bulkGet(notices.map((n) => n.key));
      const unseen = notices.filter((_, i) => !known[i]);
      await db.$notified.bulkPut(unseen.map((n) => ({ key: n.key, at: Date.now() })));
      return unseen;
    });
    const shown = summary && fresh.length > AT_ONCE ? [summary(fresh.length)] : fresh;
    for (const n of shown) {
      await browser.notifications.create(n.id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: n.title,
        message: n.message,
      });
    }
  }

  private async announceDue(tasks: Task[], now: number): Promise<void> {
    const { db } = this.state;
    const customers = await db.customers.bulkGet(tasks.map((task) => task.customerId));
    await this.announce(
      tasks.map((task, i) => ({
        key: `due:${task.id}:${task.dueAt}`,
        id: `task:${task.id}`,
        title: customers[i]?.name ?? t('app.name'),
        message: t('notify.due', { title: task.title }),
      })),
      (count) => ({
        key: `due-summary:${now}`,
        id: 'due-summary',
        title: t('notify.manyDueTitle', { count }),
        message: t('notify.manyDue'),
      }),
    );
  }

  /** A teammate asking me something on a customer (a hand-off request, say) reaches me once. */
  private async announceMentions(memberId: string, now: number): Promise<void> {
    const { db } = this.state;
    const recent = (await db.notes.where('mentions').equals(memberId).toArray()).filter(
      (note) => note.authorId !== memberId && note.deletedAt === null && note.createdAt > now - 7 * DAY,
    );
    const notices = await Promise.all(
      recent.map(async (note): Promise<Notice> => {
        const [customer, author] = await Promise.all([db.customers.get(note.customerId), db.members.get(note.authorId)]);
        return {
          key: `mention:${note.id}`,
          id: `note:${note.id}`,
          title: customer?.name ?? t('app.name'),
          message: `${author?.name ?? '?'}: ${note.body.slice(0, 200)}`,
        };
      }),
    );
    await this.announce(notices, (count) => ({
      key: `mention-summary:${now}`,
      id: 'mention-summary',
      title: t('notify.manyMentionsTitle', { count }),
      message: t('notify.manyMentions'),
    }));
  }

  /** A customer handed (or reassigned, or transferred) to me by someone else: I am told, once. */
  private async announceHandoffs(memberId: string, now: number): Promise<void> {
    const { db } = this.state;
    const events = (await db.customerEvents.where('to').equals(memberId).toArray()).filter(
      (e) => (e.type === 'handoff' || e.type === 'reassign' || e.type === 'transfer') && e.actorId !== memberId && e.at > now - 7 * DAY,
    );
    const notices = await Promise.all(
      events.map(async (e): Promise<Notice> => {
        const [customer, actor] = await Promise.all([db.customers.get(e.customerId), db.members.get(e.actorId)]);
        const from = actor?.name ?? '?';
        return {
          key: `handoff:${e.id}`,
          id: `customer:${e.customerId}`,
          title: t('notify.handoffTitle', { customer: customer?.name ?? '?' }),
          message: e.note ? t('notify.handoff', { from, note: e.note.slice(0, 200) }) : t('notify.transfer', { from }),
        };
      }),
    );
    await this.announce(notices, (count) => ({
      key: `handoff-summary:${now}`,
      id: 'handoff-summary',
      title: t('notify.manyHandoffsTitle', { count }),
      message: t('notify.manyHandoffs'),
    }));
  }

  /** A change on a customer I am on (owner, open follow-up, follower) that I have not acknowledged: told once. */
  private async announceChanges(memberId: string, now: number): Promise<void> {
    const { db } = this.state;
    const mine = await readAwaiting(db, now - 7 * DAY, now, memberId);
    const customers = await customersById(db, mine);
    const notices: Notice[] = [];
    for (const e of mine) {
      const customer = customers.get(e.customerId);
      if (!customer) continue;
      const author = await db.members.get(e.authorId);
      notices.push({
        key: `change:${e.noteId}`,
        id: `customer:${customer.id}`,
        title: t('notify.changeTitle', { customer: customer.name }),
        message: t('change.banner', {
          author: author?.name ?? '?',
          topic: t(`change.topic.${e.change.topic}`),
          summary: e.change.summary.slice(0, 200),
        }),
      });
    }
    await this.announce(notices, (count) => ({
      key: `change-summary:${now}`,
      id: 'change-summary',
      title: t('notify.manyChangesTitle', { count }),
      message: t('notify.manyChanges'),
    }));
  }

  /**
   * A question asked of me reaches me once; one unanswered past the team's limit reaches each
   * manager it escalates to once more (its own key), and never again however long it waits.
   */
  private async announceQuestions(session: Session, now: number): Promise<void> {
    const { db } = this.state;
    const members = await membersById(db);
    const settings = ((await db.teams.get(session.team.id)) ?? session.team).settings;
    const hours = questionHours(settings);
    const questions = await myQuestions(db, session.member.id, members, settings, now);
    await this.announce(
      questions.map((q): Notice =>
        q.reason === 'asked'
          ? {
              key: `question:${q.noteId}`,
              id: `question:${q.noteId}`,
              title: t('notify.questionTitle', { author: q.authorName, customer: q.customerName }),
              message: q.body.slice(0, 200),
            }
          : {
              key: `question-esc:${q.noteId}`,
              id: `question:${q.noteId}:esc`,
              title: t('notify.questionEscalatedTitle', { customer: q.customerName }),
              message: t('notify.questionEscalated', { author: q.authorName, to: q.askedOfName, hours, body: q.body.slice(0, 200) }),
            },
      ),
      (count) => ({
        key: `question-summary:${now}`,
        id: 'question-summary',
        title: t('notify.manyQuestionsTitle', { count }),
        message: t('notify.manyQuestions'),
      }),
    );
  }

  /** An answer to a question I asked: told once per answer. */
  private async announceAnswers(memberId: string, now: number): Promise<void> {
    const { db } = this.state;
    const answers = await answersToMyQuestions(db, memberId, now);
    const authors = await db.members.bulkGet(answers.map((a) => a.answer.actorId));
    await this.announce(
      answers.map(({ answer, customerName }, i) => ({
        key: `answer:${answer.id}`,
        id: `answer:${answer.id}`,
        title: t('notify.answerTitle', { author: authors[i]?.name ?? '?', customer: customerName }),
        message: answer.note.slice(0, 200),
      })),
      (count) => ({
        key: `answer-summary:${now}`,
        id: 'answer-summary',
        title: t('notify.manyQuestionsTitle', { count }),
        message: t('notify.manyQuestions'),
      }),
    );
  }

  /** A new note on a customer I follow: told once (its changes reach me as changes to acknowledge). */
  private async announceFollowed(memberId: string, now: number): Promise<void> {
    const { db } = this.state;
    const found = await notesOnFollowed(db, memberId, now);
    const authors = await db.members.bulkGet(found.map((f) => f.note.authorId));
    await this.announce(
      found.map(({ note, customerName }, i) => ({
        // The same key as a mention's: a note that both mentions me and is on a followed customer is told once.
        key: `mention:${note.id}`,
        id: `note:${note.id}`,
        title: t('notify.followedTitle', { customer: customerName }),
        message: `${authors[i]?.name ?? '?'}: ${note.body.slice(0, 200)}`,
      })),
      (count) => ({
        key: `followed-summary:${now}`,
        id: 'followed-summary',
        title: t('notify.manyFollowedTitle', { count }),
        message: t('notify.manyFollowed'),
      }),
    );
  }

  private async escalate(overdue: Task[], now: number): Promise<void> {
    const { db } = this.state;
    const session = (await this.state.getSession())!;
    const settings = ((await db.teams.get(session.team.id)) ?? session.team).settings;
    const limit = now - settings.escalationDays * DAY;
    const late = overdue.filter((task) => task.dueAt < limit);
    const [customers, assignees] = await Promise.all([
      db.customers.bulkGet(late.map((task) => task.customerId)),
      db.members.bulkGet(late.map((task) => task.assigneeId)),
    ]);
    await this.announce(
      late.map((task, i) => ({
        key: `esc:${task.id}`,
        id: `task:${task.id}:esc`,
        title: t('notify.escalationTitle', { customer: customers[i]?.name ?? '?' }),
        message: t('notify.escalation', {
          assignee: assignees[i]?.name ?? '?',
          title: task.title,
          days: daysOverdue(task, now, localTimeZone()),
        }),
      })),
      (count) => ({
        key: `esc-summary:${now}`,
        id: 'esc-summary',
        title: t('notify.manyEscalatedTitle', { count }),
        message: t('notify.manyEscalated', { days: settings.escalationDays }),
      }),
    );
  }

  /**
   * Customers idle past their stage's escalation limit reach a manager once per idle spell (the
   * key holds the customer's last activity, so it is told again only after it went quiet anew).
   */
  private async escalateCold(session: Session, now: number): Promise<void> {
    const cold = (await ruleBreaches(this.state.db, session, now)).filter((b) => b.kind === 'escalated');
    const customers = await this.state.db.customers.bulkGet(cold.map((b) => b.customerId));
    await this.announce(
      cold.map((b, i) => ({
        key: `cold:${b.customerId}:${customers[i]?.updatedAt ?? 0}`,
        id: `customer:${b.customerId}:cold`,
        title: t('notify.escalationTitle', { customer: b.name }),
        message: t('rules.breach.escalated', { stage: stageName(b.stage), days: b.idleDays }),
      })),
      (count) => ({
        key: `cold-summary:${now}`,
        id: 'cold-summary',
        title: t('notify.manyEscalatedTitle', { count }),
        message: t('rules.heading'),
      }),
    );
  }

  /** The daily digest: once a day, at the chosen hour (held back by quiet hours). */
  async digest(now = Date.now()): Promise<void> {
    const session = await this.state.getSession();
    const prefs = await this.state.getPrefs();
    await browser.alarms.clear(DIGEST_ALARM);
    if (!session || prefs.digestHour === null) return;
    if (isQuietTime(now, localTimeZone(), prefs.quiet)) {
      await browser.alarms.create(DIGEST_ALARM, { when: quietUntil(now, localTimeZone(), prefs.quiet) });
      return;
    }
    const mine = await openTasksOf(this.state.db, session.member.id);
    const endOfToday = startOfDayAfter(now, 1, localTimeZone());
    const overdue = mine.filter((task) => task.dueAt <= now).length;
    const today = mine.filter((task) => task.dueAt > now && task.dueAt < endOfToday).length;
    // A manager's digest names the three things that most need attention (model/board.ts `topAttention`).
    const attention = may(session.member.role, 'viewTeam') ? await attentionItems(this.state.db, session, now) : [];
    if (overdue + today + attention.length > 0) {
      const key = `digest:${localDateString(now, localTimeZone())}`;
      const top = attention.length
        ? `\n${t('notify.digestAttention', { items: attention.map((a) => (a.kind === 'missed' ? `${a.customerName}: ${a.label}` : a.label)).join('; ') })}`
        : '';
      await this.announce([{ key, id: 'digest', title: t('notify.digestTitle'), message: t('notify.digest', { overdue, today }) + top }]);
    }
    await browser.alarms.create(DIGEST_ALARM, { when: nextDailyAt(now, prefs.digestHour, localTimeZone()) });
  }

  /** Opens the page a follow-up was made on when its notification is clicked. */
  async clicked(notificationId: string): Promise<void> {
    const taskId = /^task:([^:]+)/.exec(notificationId)?.[1];
    const task = taskId ? await this.state.db.tasks.get(taskId) : undefined;
    if (task?.source && /^https?:\/\//.test(task.source.url)) await browser.tabs.create({ url: task.source.url });
    await browser.notifications.clear(notificationId);
  }
}
