import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Member, Note, Team } from '@/model/schemas';
import { COUNT_CAP, UNACKED_LISTED } from './api';
import { SidenoteDB } from './db';
import { mutate } from './mutate';
import { popupView, teamOverview } from './popup-views';
import type { Session } from './session';
import { followUp, serverRows, transactionsOf } from './testing-db';
import { lastPageOf } from './views';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** A Wednesday noon in UTC: this week started on Monday, two and a half days ago. */
const NOW = Date.UTC(2026, 10, 25, 12);
const ZONE = 'UTC';
const sync = { state: 'synced' as const, message: null, code: null, lastSyncAt: NOW, progress: null, pending: 0 };

const team: Team = {
  id: 't1',
  name: 'Export Sales',
  domains: ['sidenote-demo.com'],
  settings: { stages: ['lead'], escalationDays: 2, staleDays: 14, stageRules: [], goals: [] },
};
const member = (id: string, name: string, role: Member['role'] = 'rep', active = true): Member => ({
  id,
  teamId: 't1',
  name,
  email: `${id}@sidenote-demo.com`,
  role,
  active,
});
const ana = member('ana', 'Ana Souza', 'manager');
const ben = member('ben', 'Ben Okoro');
const wang = member('wang', '王芳');
const lee = member('lee', 'Lee Admin', 'admin');
const session = (m: Member): Session => ({ serverUrl: 'http://127.0.0.1:8787', token: 'x', member: m, team });

const customer = (id: string, name: string, extra: Partial<Customer> = {}): Customer => ({
  id,
  name,
  ownerId: 'ben',
  stage: 'lead',
  createdAt: NOW - 60 * DAY,
  updatedAt: NOW - DAY,
  deletedAt: null,
  mergedIntoId: null,
  ...extra,
});
const task = followUp;
const note = (id: string, customerId: string, createdAt: number, url: string | null): Note => ({
  id,
  customerId,
  authorId: 'ben',
  kind: 'note',
  change: null,
  body: 'Called about the pallets',
  visibility: 'team',
  mentions: [],
  pinned: false,
  source: url ? { site: 'gmail', url, title: 'Re: pallets' } : null,
  createdAt,
  editedAt: null,
  deletedAt: null,
});

let db: SidenoteDB;

beforeEach(async () => {
  db = new SidenoteDB(`test-${crypto.randomUUID()}`);
  await db.open();
  await serverRows(db, {
    teams: [team],
    members: [ana, ben, wang, lee, member('gone', 'Gone Rep', 'rep', false)],
    customers: [
      customer('northwind', 'Northwind Traders'),
      customer('huaxin', '华信包装', { ownerId: null, updatedAt: NOW - 2 * DAY }),
      customer('quiet', 'Contoso', { ownerId: 'wang', updatedAt: NOW - 30 * DAY }),
      customer('deleted', 'Deleted Ltd', { ownerId: null, updatedAt: NOW - 40 * DAY, deletedAt: NOW - DAY }),
      customer('merged', 'Northwind (dup)', { ownerId: null, updatedAt: NOW - 50 * DAY, mergedIntoId: 'northwind' }),
    ],
    tasks: [
      task('ben-3d', 'ben', NOW - 3 * DAY),
      task('ben-1h', 'ben', NOW - HOUR),
      task('ben-done', 'ben', NOW - 5 * DAY, { doneAt: NOW - 6 * DAY }),
      task('ben-deleted', 'ben', NOW - 5 * DAY, { deletedAt: NOW - DAY }),
      task('ben-later', 'ben', NOW + 2 * DAY),
      task('wang-1d', 'wang', NOW - DAY, {
        customerId: 'huaxin',
        source: { site: 'qqmail', url: 'https://exmail.qq.com/cgi-bin/frame_html', title: '报价' },
      }),
      task('gone-4d', 'gone', NOW - 4 * DAY),
      task('ana-2d', 'ana', NOW - 2 * DAY - HOUR),
      task('ana-tomorrow', 'ana', NOW + DAY),
    ],
    notes: [
      note('old-page', 'northwind', NOW - 9 * DAY, 'https://mail.google.com/mail/u/0/#inbox/older'),
      note('new-page', 'northwind', NOW - 2 * DAY, 'https://mail.google.com/mail/u/0/#inbox/newest'),
      note('no-page', 'northwind', NOW - DAY, null),
    ],
  });
});

describe('popupView', () => {
  it("puts the team's missed follow-ups on a manager's first screen, the most overdue first, without her own", async () => {
    const view = await popupView(db, session(ana), sync, NOW);
    expect(view.mine.map((t) => t.id)).toEqual(['ana-2d', 'ana-tomorrow']);
    expect(view.team).toMatchObject({ count: 4, escalated: 2 });
    expect(view.team!.items.map((t) => [t.id, t.assigneeName, t.escalated])).toEqual([
      ['gone-4d', 'Gone Rep', true],
      ['ben-3d', 'Ben Okoro', true],
      ['wang-1d', '王芳', false],
      ['ben-1h', 'Ben Okoro', false],
    ]);
  });

  it('opens a missed follow-up on the page it was made on, else where its customer was last written about', async () => {
    const items = (await popupView(db, session(ana), sync, NOW)).team!.items;
    expect(items.find((t) => t.id === 'wang-1d')!.pageUrl).toBe('https://exmail.qq.com/cgi-bin/frame_html');
    expect(items.find((t) => t.id === 'ben-3d')!.pageUrl).toBe('https://mail.google.com/mail/u/0/#inbox/newest');
  });

  it("gives the Team tab's items only the page they were made on, the customer's page being looked up when opened", async () => {
    const items = (await teamOverview(db, session(ana), NOW, ZONE))!.missed.flatMap((g) => g.items);
    expect(items.find((t) => t.id === 'wang-1d')!.pageUrl).toBe('https://exmail.qq.com/cgi-bin/frame_html');
    expect(items.find((t) => t.id === 'ben-3d')!.pageUrl).toBeNull();
    // What the popup's customerPage request answers when the manager opens it.
    expect(await lastPageOf(db, 'northwind')).toBe('https://mail.google.com/mail/u/0/#inbox/newest');
  });

  it('stops counting past the cap, read from keys only', async () => {
    const many = Array.from({ length: COUNT_CAP + 5 }, (_, i) => task(`late-${i}`, 'wang', NOW - 10 * DAY + i));
    await serverRows(db, { tasks: many });
    const team = (await popupView(db, session(ana), sync, NOW)).team!;
    expect(team.count).toBe(COUNT_CAP + 1);
    expect(team.items.map((t) => t.id)).toEqual(['late-0', 'late-1', 'late-2', 'late-3', 'late-4']);
    expect((await teamOverview(db, session(ana), NOW, ZONE))!.missed.find((g) => g.assigneeId === 'wang')!.count).toBe(COUNT_CAP + 1);
  });

  it("shows a rep their own follow-ups and not the team's", async () => {
    const view = await popupView(db, session(ben), sync, NOW);
    expect(view.mine.map((t) => t.id)).toEqual(['ben-3d', 'ben-1h', 'ben-later']);
    expect(view.team).toBeNull();
  });

  it('drops a follow-up from the missed ones once it is done, and brings it back when reopened, before the server answers', async () => {
    const manager = { memberId: 'ana', teamId: 't1', role: 'manager' as const };
    await mutate(db, manager, [{ name: 'completeTask', args: { id: 'ben-3d', done: true } }], NOW);
    expect((await popupView(db, session(ana), sync, NOW)).team!.items.map((t) => t.id)).not.toContain('ben-3d');
    await mutate(db, manager, [{ name: 'completeTask', args: { id: 'ben-3d', done: false } }], NOW);
    expect((await popupView(db, session(ana), sync, NOW)).team!.items.map((t) => t.id)).toContain('ben-3d');
    // The server never heard of either: a pull puts its row back, and the rebase replays both.
    await serverRows(db, {});
    expect((await popupView(db, session(ana), sync, NOW)).team!.count).toBe(4);
  });

  it('counts a follow-up reassigned to the manager as hers, no longer the team’s', async () => {
    await mutate(
      db,
      { memberId: 'ana', teamId: 't1', role: 'manager' },
      [{ name: 'updateTask', args: { id: 'ben-3d', patch: { assigneeId: 'ana' } } }],
      NOW,
    );
    const view = await popupView(db, session(ana), sync, NOW);
    expect(view.team).toMatchObject({ count: 3, escalated: 1 });
    expect(view.mine.map((t) => t.id)).toEqual(['ben-3d', 'ana-2d', 'ana-tomorrow']);
  });
});

describe('popupView: changes to acknowledge', () => {
  it('lists for the owner the changes on their customers not yet acknowledged, and drops one once acknowledged', async () => {
    const note = {
      id: 'chg',
      customerId: 'northwind',
      authorId: 'ana',
      kind: 'change' as const,
      change: { topic: 'quote' as const, summary: 'Unit price 9.50 USD' },
      body: 'x',
      visibility: 'team' as const,
      mentions: [],
      pinned: false,
      source: null,
      createdAt: NOW - HOUR,
      editedAt: null,
      deletedAt: null,
    };
    await db.notes.put(note);
    expect((await popupView(db, session(ben), sync, NOW)).acks).toEqual([
      { noteId: 'chg', customerName: 'Northwind Traders', authorName: 'Ana Souza', change: note.change, at: NOW - HOUR },
    ]);
    expect((await popupView(db, session(ana), sync, NOW)).acks).toEqual([]);
    await db.customerEvents.put({
      id: 'a',
      customerId: 'northwind',
      type: 'ack',
      actorId: 'ben',
      at: NOW,
      from: null,
      to: 'chg',
      note: '',
    });
    expect((await popupView(db, session(ben), sync, NOW)).acks).toEqual([]);
  });
});

describe('popupView: changes to acknowledge, for assignees', () => {
  it('lists a change for a member with an open follow-up on the customer (not its owner), until the follow-up is done', async () => {
    await db.notes.put({
      ...note('chg-h', 'huaxin', NOW - HOUR, null),
      authorId: 'ana',
      kind: 'change',
      change: { topic: 'quote', summary: 'New price list' },
    });
    expect((await popupView(db, session(wang), sync, NOW)).acks.map((a) => a.noteId)).toEqual(['chg-h']);
    expect((await popupView(db, session(ben), sync, NOW)).acks).toEqual([]);
    await db.tasks.put(task('wang-1d', 'wang', NOW - DAY, { customerId: 'huaxin', doneAt: NOW - HOUR / 2 }));
    expect((await popupView(db, session(wang), sync, NOW)).acks).toEqual([]);
  });
});

describe('popupView: changes to acknowledge, for followers', () => {
  it('lists a change for a member who follows the customer (neither owner nor assignee), until they stop following', async () => {
    await db.notes.put({
      ...note('chg-f', 'northwind', NOW - HOUR, null),
      authorId: 'ana',
      kind: 'change',
      change: { topic: 'contract', summary: 'Two-year term' },
    });
    expect((await popupView(db, session(wang), sync, NOW)).acks).toEqual([]);
    const line = (type: 'follow' | 'unfollow', at: number) => ({
      id: 'follow-wang',
      customerId: 'northwind',
      type,
      actorId: 'wang',
      at,
      from: null,
      to: null,
      note: '',
    });
    await db.customerEvents.put(line('follow', NOW - 2 * HOUR));
    expect((await popupView(db, session(wang), sync, NOW)).acks.map((a) => a.noteId)).toEqual(['chg-f']);
    await db.customerEvents.put(line('unfollow', NOW - HOUR / 2));
    expect((await popupView(db, session(wang), sync, NOW)).acks).toEqual([]);
  });
});

describe('popupView: questions and mentions', () => {
  it('lists the questions asked of me until answered, those escalated to a manager past the limit, and notes that mention me until seen', async () => {
    const q = (id: string, askedOf: string, createdAt: number): Note => ({
      ...note(id, 'northwind', createdAt, null),
      kind: 'question',
      question: { askedOf, resolvedAt: null },
      body: `Question ${id}?`,
    });
    await db.notes.bulkPut([
      q('fresh', 'wang', NOW - HOUR),
      q('old', 'wang', NOW - 2 * DAY),
      q('answered', 'wang', NOW - 2 * DAY),
      { ...note('mention', 'northwind', NOW - HOUR, null), mentions: ['wang'], body: '@王芳 please call' },
    ]);
    await db.customerEvents.put({
      id: 'r',
      customerId: 'northwind',
      type: 'answer',
      actorId: 'wang',
      at: NOW,
      from: null,
      to: 'answered',
      note: 'done',
    });
    const wangView = await popupView(db, session(wang), sync, NOW);
    expect(wangView.questions.map((x) => [x.noteId, x.reason, x.authorName, x.customerName])).toEqual([
      ['old', 'asked', 'Ben Okoro', 'Northwind Traders'],
      ['fresh', 'asked', 'Ben Okoro', 'Northwind Traders'],
    ]);
    expect(wangView.mentions).toEqual([
      { noteId: 'mention', customerName: 'Northwind Traders', authorName: 'Ben Okoro', body: '@王芳 please call', at: NOW - HOUR },
    ]);
    // The team's limit is a day by default: only the two-day-old question reaches the managers.
    expect((await popupView(db, session(ana), sync, NOW)).questions.map((x) => [x.noteId, x.reason, x.askedOfName])).toEqual([
      ['old', 'escalated', '王芳'],
    ]);
    expect((await popupView(db, session(ben), sync, NOW)).questions).toEqual([]);
    await db.$read.put({ key: 'mention:mention', at: NOW });
    expect((await popupView(db, session(wang), sync, NOW)).mentions).toEqual([]);
  });
});

describe('the popup views read in one transaction', () => {
  it('makes one for the first screen and one for the Team tab, for a manager and a rep, with goals or none', async () => {
    expect(await transactionsOf(db, () => popupView(db, session(ana), sync, NOW))).toBe(1);
    expect(await transactionsOf(db, () => popupView(db, session(ben), sync, NOW))).toBe(1);
    expect(await transactionsOf(db, () => teamOverview(db, session(ana), NOW, ZONE))).toBe(1);
    const goals = [
      {
        id: 'g1',
        memberId: 'ben',
        metric: 'followUpsOnTime' as const,
        period: 'week' as const,
        target: 5,
        startsAt: NOW - 30 * DAY,
        setBy: 'ana',
      },
    ];
    await serverRows(db, { teams: [{ ...team, settings: { ...team.settings, goals } }] });
    expect(await transactionsOf(db, () => popupView(db, session(ben), sync, NOW))).toBe(1);
  });
});

describe('teamOverview', () => {
  it('groups the missed follow-ups by assignee, those with escalated ones first', async () => {
    const team = (await teamOverview(db, session(ana), NOW, ZONE))!;
    expect(team.missed.map((g) => [g.assigneeName, g.count, g.escalated, g.items.map((t) => t.id)])).toEqual([
      ['Ben Okoro', 2, 1, ['ben-3d', 'ben-1h']],
      ['Gone Rep', 1, 1, ['gone-4d']],
      ['王芳', 1, 0, ['wang-1d']],
    ]);
  });

  it('charts this week for the members who own customers or have follow-ups only', async () => {
    const team = (await teamOverview(db, session(ana), NOW, ZONE))!;
    expect(team.weekStart).toBe(Date.UTC(2026, 10, 23));
    // Lee (an admin with nothing of her own) is not a row; Gone Rep left and had nothing due this week.
    expect(team.week).toEqual([
      { memberId: 'ana', name: 'Ana Souza', doneOnTime: 0, doneLate: 0, missed: 1, open: 1 },
      { memberId: 'ben', name: 'Ben Okoro', doneOnTime: 0, doneLate: 0, missed: 1, open: 1 },
      { memberId: 'wang', name: '王芳', doneOnTime: 0, doneLate: 0, missed: 1, open: 0 },
    ]);
  });

  it('lists the changes someone has left unacknowledged for more than a day, naming whom they wait for', async () => {
    const change = (id: string, createdAt: number) => ({
      id,
      customerId: 'quiet',
      authorId: 'ana',
      kind: 'change' as const,
      change: { topic: 'contract' as const, summary: 'Payment terms now 60 days' },
      body: 'x',
      visibility: 'team' as const,
      mentions: [],
      pinned: false,
      source: null,
      createdAt,
      editedAt: null,
      deletedAt: null,
    });
    await db.notes.bulkPut([change('late', NOW - 2 * DAY), change('fresh', NOW - HOUR), change('seen', NOW - 3 * DAY)]);
    await db.customerEvents.put({ id: 'a1', customerId: 'quiet', type: 'ack', actorId: 'wang', at: NOW, from: null, to: 'seen', note: '' });
    const team = (await teamOverview(db, session(ana), NOW, ZONE))!;
    expect(team.unacked.items.map((c) => [c.noteId, c.customerName, c.authorName, c.waiting])).toEqual([
      ['late', 'Contoso', 'Ana Souza', ['王芳']],
    ]);
  });

  it('counts every unacknowledged change but lists only the oldest few', async () => {
    const changes = Array.from({ length: UNACKED_LISTED + 3 }, (_, i) => ({
      ...note(`change-${i}`, 'quiet', NOW - (2 + i) * DAY, null),
      authorId: 'ana',
      kind: 'change' as const,
      change: { topic: 'quote' as const, summary: `Price ${i}` },
    }));
    await db.notes.bulkPut(changes);
    const { unacked } = (await teamOverview(db, session(ana), NOW, ZONE))!;
    expect(unacked.count).toBe(UNACKED_LISTED + 3);
    // The oldest first: the last ones written above.
    expect(unacked.items.map((c) => c.noteId)).toEqual(
      Array.from({ length: UNACKED_LISTED }, (_, i) => `change-${UNACKED_LISTED + 2 - i}`),
    );
  });

  it('counts a follower who began following long before the change, and an acknowledgement whose clock ran behind the note', async () => {
    // 'quiet' is owned by wang; ben follows it since long before the change (a line older than any window).
    await db.notes.put({
      ...note('terms', 'quiet', NOW - 20 * DAY, null),
      authorId: 'ana',
      kind: 'change',
      change: { topic: 'contract', summary: 'Payment terms now 60 days' },
    });
    const line = (id: string, type: 'follow' | 'ack', actorId: string, at: number, to: string | null) => ({
      id,
      customerId: 'quiet',
      type,
      actorId,
      at,
      from: null,
      to,
      note: '',
    });
    await db.customerEvents.put(line('follow-ben', 'follow', 'ben', NOW - 400 * DAY, null));
    const waiting = async () => (await teamOverview(db, session(ana), NOW, ZONE))!.unacked.items.map((c) => [c.noteId, c.waiting]);
    expect(await waiting()).toEqual([['terms', ['Ben Okoro', '王芳']]]);
    expect((await popupView(db, session(ben), sync, NOW)).acks.map((a) => a.noteId)).toEqual(['terms']);
    // wang's device clock was an hour behind the author's when wang acknowledged.
    await db.customerEvents.put(line('ack-wang', 'ack', 'wang', NOW - 20 * DAY - HOUR, 'terms'));
    expect(await waiting()).toEqual([['terms', ['Ben Okoro']]]);
    expect((await popupView(db, session(wang), sync, NOW)).acks).toEqual([]);
    await db.customerEvents.put(line('ack-ben', 'ack', 'ben', NOW - DAY, 'terms'));
    expect(await waiting()).toEqual([]);
    expect((await popupView(db, session(ben), sync, NOW)).acks).toEqual([]);
  });

  it('counts live customers with no owner and quiet ones, leaving out deleted and merged ones', async () => {
    const team = (await teamOverview(db, session(ana), NOW, ZONE))!;
    expect(team.unowned).toEqual({ count: 1, items: [expect.objectContaining({ id: 'huaxin', name: '华信包装' })] });
    expect(team.stale).toEqual({ count: 1, items: [expect.objectContaining({ id: 'quiet' })] });
  });

  it('is for managers and admins only', async () => {
    expect(await teamOverview(db, session(ben), NOW, ZONE)).toBeNull();
    expect(await teamOverview(db, session(lee), NOW, ZONE)).not.toBeNull();
  });
});
