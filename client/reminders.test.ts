import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Member, Task, Team } from '@/model/schemas';
import { TeamSettings } from '@/model/schemas';
import { BackgroundState } from './context';
import { SidenoteDB } from './db';
import { Reminders } from './reminders';
import type { Session } from './session';

const NOW = Date.now();
const DAY = 86_400_000;
const team: Team = { id: 't1', name: 'Northwind Sales', domains: [], settings: TeamSettings.parse({}) };
const member = (id: string, name: string, role: Member['role']): Member => ({
  id,
  teamId: 't1',
  name,
  email: `${id}@sidenote-demo.com`,
  role,
  active: true,
});
const mia = member('mia', 'Mia Manager', 'manager');
const ravi = member('ravi', 'Ravi Rep', 'rep');

function task(id: string, assigneeId: string, dueAt: number, extra: Partial<Task> = {}): Task {
  return {
    id,
    customerId: 'c1',
    title: `Call back ${id}`,
    assigneeId,
    dueAt,
    doneAt: null,
    doneBy: null,
    createdBy: assigneeId,
    createdAt: NOW - 30 * DAY,
    updatedAt: NOW - 30 * DAY,
    noteId: null,
    source: null,
    deletedAt: null,
    ...extra,
  };
}

let db: SidenoteDB;
async function remindersFor(me: Member) {
  const state = new BackgroundState(db);
  const session: Session = { serverUrl: 'http://127.0.0.1:8787', token: 'x', member: me, team };
  state.session.set(session);
  state.prefs.set({ digestHour: null, quiet: null });
  return new Reminders(state);
}

beforeEach(async () => {
  fakeBrowser.reset();
  db = new SidenoteDB(`reminders-${crypto.randomUUID()}`);
  await db.members.bulkPut([mia, ravi]);
  await db.teams.put(team);
  await db.customers.put({
    id: 'c1',
    name: 'Huaxin Pack',
    ownerId: 'ravi',
    stage: 'lead',
    createdAt: NOW - 40 * DAY,
    updatedAt: NOW - 40 * DAY,
    deletedAt: null,
    mergedIntoId: null,
  });
});

const shown = () => Object.values(fakeBrowser.notifications.getAllCreateOptions()).map((n) => (n as { title: string }).title);

describe('Reminders', () => {
  it("gives a manager the team's overdue count on the badge, and a rep their own", async () => {
    await db.tasks.bulkPut([
      task('a', 'ravi', NOW - 3 * DAY),
      task('b', 'ravi', NOW - DAY),
      task('c', 'mia', NOW + DAY),
      task('d', 'ravi', NOW - 5 * DAY, { doneAt: NOW - 4 * DAY }),
    ]);
    await (await remindersFor(mia)).refresh();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(await fakeBrowser.action.getTitle({})).toContain('2');
    await (await remindersFor(member('ravi', 'Ravi Rep', 'rep'))).refresh();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    await db.tasks.update('a', { doneAt: NOW });
    await (await remindersFor(mia)).refresh();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
  });

  it('tells a manager joining a team with 300 long-overdue follow-ups once, not 300 times', async () => {
    await db.tasks.bulkPut(Array.from({ length: 300 }, (_, i) => task(`late${i}`, 'ravi', NOW - 10 * DAY - i)));
    const reminders = await remindersFor(mia);
    await reminders.refresh();
    expect(shown()).toEqual(['Sidenote: 300 of the team’s follow-ups are overdue']);
    // Nothing new: nothing more, however often it runs.
    fakeBrowser.notifications.resetState();
    await reminders.refresh();
    expect(shown()).toEqual([]);
    // One more that passes the limit later is announced on its own.
    await db.tasks.put(task('new', 'ravi', NOW - 3 * DAY));
    await reminders.refresh();
    expect(shown()).toEqual(['Escalated follow-up: Huaxin Pack']);
  });

  it('tells the new owner of a handed-off customer, with the hand-off note, once', async () => {
    await db.customerEvents.put({
      id: 'e1',
      customerId: 'c1',
      type: 'handoff',
      actorId: 'ravi',
      at: NOW - 1000,
      from: 'ravi',
      to: 'mia',
      note: 'They want the 2027 price list by Friday',
    });
    const reminders = await remindersFor(mia);
    await reminders.refresh();
    const notes = Object.values(fakeBrowser.notifications.getAllCreateOptions()) as { title: string; message: string }[];
    expect(notes).toEqual([
      expect.objectContaining({
        title: 'Huaxin Pack is yours now',
        message: 'Ravi Rep handed it to you: They want the 2027 price list by Friday',
      }),
    ]);
    fakeBrowser.notifications.resetState();
    await reminders.refresh();
    expect(shown()).toEqual([]);
    // The one who handed it off is not told of their own act.
    await (await remindersFor(ravi)).refresh();
    expect(shown()).toEqual([]);
  });

  it('tells the owner of a change on their customer once, and not after they acknowledged it', async () => {
    const change = (id: string) => ({
      id,
      customerId: 'c1',
      authorId: 'mia',
      kind: 'change' as const,
      change: { topic: 'quote' as const, summary: 'Unit price down to 9.50 USD' },
      body: 'Agreed on the phone',
      visibility: 'team' as const,
      mentions: [],
      pinned: false,
      source: null,
      createdAt: NOW - 1000,
      editedAt: null,
      deletedAt: null,
    });
    await db.notes.bulkPut([change('n1'), change('n2'), { ...change('old'), createdAt: NOW - 30 * DAY }]);
    await db.customerEvents.put({ id: 'a1', customerId: 'c1', type: 'ack', actorId: 'ravi', at: NOW, from: null, to: 'n2', note: '' });
    const reminders = await remindersFor(ravi);
    await reminders.refresh();
    const notes = Object.values(fakeBrowser.notifications.getAllCreateOptions()) as { title: string; message: string }[];
    expect(notes).toEqual([
      expect.objectContaining({ title: 'A change on Huaxin Pack', message: 'Mia Manager changed the Quote: Unit price down to 9.50 USD' }),
    ]);
    fakeBrowser.notifications.resetState();
    await reminders.refresh();
    expect(shown()).toEqual([]);
    // Its author is not asked about their own change.
    await (await remindersFor(mia)).refresh();
    expect(shown()).toEqual([]);
  });
});

describe('Reminders: questions, answers, mentions and followed customers', () => {
  const note = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    customerId: 'c1',
    authorId: 'mia',
    kind: 'note' as const,
    change: null,
    body: `text of ${id}`,
    visibility: 'team' as const,
    mentions: [] as string[],
    pinned: false,
    source: null,
    createdAt: NOW - 1000,
    editedAt: null,
    deletedAt: null,
    ...extra,
  });
  const question = (id: string, askedOf: string, extra: Record<string, unknown> = {}) =>
    note(id, { kind: 'question', question: { askedOf, resolvedAt: null }, body: `Is ${id} still valid?`, ...extra });

  it('tells the one asked once; a question unanswered past the limit reaches the manager once, never again', async () => {
    await db.members.put(member('ana', 'Ana Rep', 'rep'));
    await db.notes.bulkPut([
      question('q-new', 'ravi', { authorId: 'ana' }),
      question('q-old', 'ravi', { authorId: 'ana', createdAt: NOW - 25 * 3_600_000 }),
    ]);
    const forRavi = await remindersFor(ravi);
    await forRavi.refresh();
    expect(shown().sort()).toEqual(['Ana Rep asks you about Huaxin Pack', 'Ana Rep asks you about Huaxin Pack']);
    fakeBrowser.notifications.resetState();
    await forRavi.refresh();
    expect(shown()).toEqual([]);

    const forMia = await remindersFor(mia);
    await forMia.refresh();
    const notes = Object.values(fakeBrowser.notifications.getAllCreateOptions()) as { title: string; message: string }[];
    expect(notes).toEqual([
      expect.objectContaining({
        title: 'A question on Huaxin Pack is waiting',
        message: 'Ana Rep asked Ravi Rep over 24 h ago: Is q-old still valid?',
      }),
    ]);
    fakeBrowser.notifications.resetState();
    await forMia.refresh();
    await forMia.refresh();
    expect(shown()).toEqual([]);
  });

  it('tells the asker of each answer by someone else, once', async () => {
    await db.notes.put(question('q1', 'mia', { authorId: 'ravi' }));
    const line = { customerId: 'c1', type: 'answer' as const, at: NOW, from: null, to: 'q1' };
    await db.customerEvents.bulkPut([
      { ...line, id: 'r-own', actorId: 'ravi', note: 'more detail' },
      { ...line, id: 'r1', actorId: 'mia', note: 'Yes, until March' },
    ]);
    const reminders = await remindersFor(ravi);
    await reminders.refresh();
    const notes = Object.values(fakeBrowser.notifications.getAllCreateOptions()) as { title: string; message: string }[];
    expect(notes).toEqual([
      expect.objectContaining({ title: 'Mia Manager answered your question on Huaxin Pack', message: 'Yes, until March' }),
    ]);
    fakeBrowser.notifications.resetState();
    await reminders.refresh();
    expect(shown()).toEqual([]);
  });

  it('tells a follower of new notes on the customer once, from when they started following', async () => {
    await db.members.put(member('li', 'Li Wei', 'rep'));
    await db.customerEvents.put({
      id: 'f',
      customerId: 'c1',
      type: 'follow',
      actorId: 'li',
      at: NOW - 5000,
      from: null,
      to: null,
      note: '',
    });
    await db.notes.bulkPut([note('before', { createdAt: NOW - 9000 }), note('after'), note('mine', { authorId: 'li' })]);
    const reminders = await remindersFor(member('li', 'Li Wei', 'rep'));
    await reminders.refresh();
    const notes = Object.values(fakeBrowser.notifications.getAllCreateOptions()) as { title: string; message: string }[];
    expect(notes).toEqual([
      expect.objectContaining({ title: 'New on Huaxin Pack (you follow it)', message: 'Mia Manager: text of after' }),
    ]);
    fakeBrowser.notifications.resetState();
    await reminders.refresh();
    expect(shown()).toEqual([]);
    // Stopped following: nothing more.
    await db.customerEvents.put({
      id: 'f',
      customerId: 'c1',
      type: 'unfollow',
      actorId: 'li',
      at: NOW - 100,
      from: null,
      to: null,
      note: '',
    });
    await db.notes.put(note('later'));
    await reminders.refresh();
    expect(shown()).toEqual([]);
  });

  it('tells a mentioned member once', async () => {
    await db.notes.put(note('m1', { mentions: ['ravi'], body: '@Ravi Rep please call them' }));
    const reminders = await remindersFor(ravi);
    await reminders.refresh();
    expect(shown()).toEqual(['Huaxin Pack']);
    fakeBrowser.notifications.resetState();
    await reminders.refresh();
    expect(shown()).toEqual([]);
  });
});
