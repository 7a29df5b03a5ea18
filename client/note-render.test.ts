import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Member, Note } from '@/model/schemas';
import { SidebarView } from './api';
import { BackgroundState } from './context';
import { SidenoteDB } from './db';
import { ensureClientID, requestHandlers } from './requests';
import type { Session } from './session';
import { SyncEngine } from './sync/engine';
import { sidebarView } from './views';
import { gmailThread, TEST_TEAM } from './testing-db';

const team = TEST_TEAM;
const ana: Member = { id: 'ana', teamId: 't1', name: 'Ana Souza', email: 'ana@sidenote-demo.com', role: 'rep', active: true };
const ben: Member = { id: 'ben', teamId: 't1', name: 'Ben Okoro', email: 'ben@sidenote-demo.com', role: 'rep', active: true };
const session: Session = { serverUrl: 'http://127.0.0.1:9', token: 'x', member: ana, team };
const VIEW = 'view-0001';
const thread = gmailThread({ title: 'Pallet pricing for Q3' });
const sync = { state: 'synced' as const, message: null, code: null, lastSyncAt: null, progress: null, pending: 0 };
const note = (id: string, extra: Partial<Note> = {}): Note => ({
  id,
  customerId: 'c1',
  authorId: 'ben',
  kind: 'note',
  change: null,
  body: id,
  visibility: 'team',
  mentions: [],
  pinned: false,
  source: null,
  createdAt: 1000,
  editedAt: null,
  deletedAt: null,
  ...extra,
});

let db: SidenoteDB;
let state: BackgroundState;
let handlers: ReturnType<typeof requestHandlers>;

beforeEach(async () => {
  fakeBrowser.reset();
  db = new SidenoteDB(`note-render-${crypto.randomUUID()}`);
  await ensureClientID(db);
  await db.members.bulkPut([ana, ben]);
  await db.teams.put(team);
  await db.customers.put({
    id: 'c1',
    name: 'Northwind Traders',
    ownerId: 'ben',
    stage: 'lead',
    createdAt: 1,
    updatedAt: 1,
    deletedAt: null,
    mergedIntoId: null,
  });
  await db.identities.put({ id: 'i1', customerId: 'c1', kind: 'domain', value: 'northwind-traders.com', deletedAt: null });
  state = new BackgroundState(db);
  state.session.set(session);
  // A real engine whose server never answers: requests queue, nothing is sent.
  state.engine = new SyncEngine(
    db,
    async () => session,
    () => Promise.reject(new TypeError('offline')),
  );
  handlers = requestHandlers(state);
  state.setContext({ type: 'context', viewId: VIEW, context: thread });
});

/** The sidebar's view as the sidebar receives it (parsed with its schema). */
const view = async () => SidebarView.parse(await sidebarView(db, session, thread, null, sync));

describe('pinned key facts', () => {
  it('pins and unpins a teammate’s note; the sidebar lists it at the top', async () => {
    await db.notes.bulkPut([note('n1', { body: '**Decision maker:** Li Wei' }), note('n2', { createdAt: 2000 })]);
    await handlers.pinNote({ noteId: 'n1', pinned: true });
    expect((await db.notes.get('n1'))!.pinned).toBe(true);
    const pinned = (await view()).pinned;
    expect(pinned).toEqual([
      {
        id: 'n1',
        authorName: 'Ben Okoro',
        createdAt: 1000,
        doc: {
          t: 'md',
          blocks: [
            {
              t: 'p',
              c: [
                { t: 'strong', c: [{ t: 'text', v: 'Decision maker:' }] },
                { t: 'text', v: ' Li Wei' },
              ],
            },
          ],
        },
      },
    ]);
    expect((await view()).notes.find((n) => n.id === 'n1')!.pinned).toBe(true);
    // The pin is a queued mutation like any other change, sent with the rest.
    expect((await db.$outbox.toArray()).map((m) => [m.name, m.args])).toEqual([
      ['updateNote', { id: 'n1', revisionId: expect.any(String), patch: { pinned: true } }],
    ]);
    await handlers.pinNote({ noteId: 'n1', pinned: false });
    expect((await view()).pinned).toEqual([]);
  });

  it('lists a pinned note however old, newest first, and never a deleted one', async () => {
    // More notes than the sidebar's list shows: the pinned one is the oldest of them.
    await db.notes.bulkPut([
      note('old', { pinned: true, createdAt: 1 }),
      ...Array.from({ length: 250 }, (_, i) => note(`n${i}`, { createdAt: 100 + i })),
      note('newer', { pinned: true, createdAt: 5000 }),
      note('gone', { pinned: true, createdAt: 6000, deletedAt: 6001 }),
    ]);
    const shown = await view();
    expect(shown.notes.some((n) => n.id === 'old')).toBe(false);
    expect(shown.pinned.map((p) => p.id)).toEqual(['newer', 'old']);
  });
});

describe('notes as they read', () => {
  it('carries each note’s parsed text: the markdown subset, or a conversation for a chat note', async () => {
    await db.notes.bulkPut([
      note('md', { body: '<img src=x onerror=alert(1)> [x](javascript:alert(1)) *ok*' }),
      note('chat', { kind: 'chat', body: '[10:21] Li Wei: 在吗\n[10:22] Ana: 在', createdAt: 2000 }),
      note('deleted', { body: 'secret', deletedAt: 3000, createdAt: 3000 }),
    ]);
    const notes = (await view()).notes;
    expect(notes.find((n) => n.id === 'md')!.doc).toEqual({
      t: 'md',
      blocks: [
        {
          t: 'p',
          c: [
            { t: 'text', v: '<img src=x onerror=alert(1)> [x](javascript:alert(1)) ' },
            { t: 'em', c: [{ t: 'text', v: 'ok' }] },
          ],
        },
      ],
    });
    expect(notes.find((n) => n.id === 'chat')!.doc).toMatchObject({ t: 'chat', entries: [{ speaker: 'Li Wei' }, { speaker: 'Ana' }] });
    // A deleted note's text is not sent, parsed or not.
    expect(JSON.stringify(notes.find((n) => n.id === 'deleted'))).not.toContain('secret');
  });
});

describe('where a note was written', () => {
  it('a note written beside a mail thread keeps its site, address and subject', async () => {
    const noteId = crypto.randomUUID();
    await handlers.addNote({ viewId: VIEW, target: { customerId: 'c1' }, noteId, body: 'Quote sent', kind: 'note' });
    expect((await db.notes.get(noteId))!.source).toEqual({ site: 'gmail', url: thread.url, title: 'Pallet pricing for Q3' });
    expect((await view()).notes.find((n) => n.id === noteId)!.source).toEqual({
      site: 'gmail',
      url: thread.url,
      title: 'Pallet pricing for Q3',
    });
  });

  it('so does the note asking the owner for a hand-off', async () => {
    const noteId = crypto.randomUUID();
    await handlers.askHandOff({ customerId: 'c1', noteId, body: 'May I take over Northwind?', viewId: VIEW });
    expect(await db.notes.get(noteId)).toMatchObject({ mentions: ['ben'], source: { site: 'gmail', url: thread.url } });
  });
});

describe('the sidebar’s notes', () => {
  it('lists the newest 200, newest first, notes made in the same millisecond by id from the last, pending ones marked', async () => {
    const older = Array.from({ length: 205 }, (_, i) => note(`old-${String(i).padStart(3, '0')}`, { createdAt: 10 + i }));
    await db.notes.bulkPut([
      ...older,
      note('same-a', { createdAt: 5000 }),
      note('same-c', { createdAt: 5000 }),
      note('same-b', { createdAt: 5000 }),
    ]);
    await handlers.addNote({ viewId: VIEW, target: { customerId: 'c1' }, noteId: 'mine', body: 'Called Joan', kind: 'note' });
    const notes = (await view()).notes;
    expect(notes).toHaveLength(200);
    expect(notes.slice(0, 5).map((n) => [n.id, n.pending])).toEqual([
      ['mine', true],
      ['same-c', false],
      ['same-b', false],
      ['same-a', false],
      ['old-204', false],
    ]);
    // The 200th: the oldest nine are beyond the list (they stay in the customer's history).
    expect(notes.at(-1)!.id).toBe('old-009');
  });
});
