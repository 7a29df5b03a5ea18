import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Member } from '@/model/schemas';
import { BackgroundState } from './context';
import { SidenoteDB } from './db';
import { ensureClientID, requestHandlers } from './requests';
import type { Session } from './session';
import { recordRefusals } from './sync/refusals';
import { SyncEngine } from './sync/engine';
import { sidebarView } from './views';
import { gmailThread, TEST_TEAM } from './testing-db';

const team = TEST_TEAM;
const ana: Member = { id: 'ana', teamId: 't1', name: 'Ana Souza', email: 'ana@sidenote-demo.com', role: 'rep', active: true };
const session: Session = { serverUrl: 'http://127.0.0.1:9', token: 'x', member: ana, team };
const VIEW = 'view-0001';
const page = (email: string) => gmailThread({ url: 'https://mail.google.com/mail/u/0/#inbox/1', people: [{ email, name: 'Joan Miller' }] });
const sync = { state: 'synced' as const, message: null, code: null, lastSyncAt: null, progress: null, pending: 0 };

let db: SidenoteDB;
/** A background as a freshly started worker has it: the database, the session, no page heard of yet. */
function freshWorker() {
  const state = new BackgroundState(db);
  state.session.set(session);
  // A real engine whose server never answers: requests queue, nothing is sent.
  state.engine = new SyncEngine(
    db,
    async () => session,
    () => Promise.reject(new TypeError('offline')),
  );
  return { state, handlers: requestHandlers(state) };
}

beforeEach(async () => {
  fakeBrowser.reset();
  db = new SidenoteDB(`requests-${crypto.randomUUID()}`);
  await ensureClientID(db);
  await db.members.put(ana);
  await db.teams.put(team);
  await db.customers.put({
    id: 'c1',
    name: 'Northwind Traders',
    ownerId: null,
    stage: 'lead',
    createdAt: 1,
    updatedAt: 1,
    deletedAt: null,
    mergedIntoId: null,
  });
  await db.identities.put({ id: 'i1', customerId: 'c1', kind: 'domain', value: 'northwind-traders.com', deletedAt: null });
});

describe('requests are idempotent by the id made where the user acted', () => {
  it("saves a note on a known customer in a worker that has not heard the page's context, once however often it is sent", async () => {
    const { handlers } = freshWorker();
    const note = { viewId: VIEW, target: { customerId: 'c1' }, noteId: crypto.randomUUID(), body: 'Quote sent', kind: 'note' as const };
    await handlers.addNote(note);
    // The Port died before the answer: the page sends the same request again, to a new worker.
    await freshWorker().handlers.addNote(note);
    expect((await db.notes.toArray()).map((n) => [n.id, n.customerId, n.body, n.source])).toEqual([
      [note.noteId, 'c1', 'Quote sent', null],
    ]);
    expect((await db.$outbox.toArray()).map((m) => m.name)).toEqual(['createNote']);
  });

  it('makes one claim and one rename of each request however often it is sent', async () => {
    const { handlers } = freshWorker();
    const claim = { target: { customerId: 'c1' }, eventId: crypto.randomUUID() };
    const rename = { customerId: 'c1', name: '华信包装', eventId: crypto.randomUUID() };
    for (let i = 0; i < 3; i++) {
      await handlers.claimCustomer(claim);
      await handlers.renameCustomer(rename);
    }
    expect((await db.$outbox.toArray()).map((m) => m.name)).toEqual(['claimCustomer', 'renameCustomer']);
    expect((await db.customerEvents.toArray()).map((e) => e.id).sort()).toEqual([claim.eventId, rename.eventId].sort());
  });

  it('creates a new customer from the page it is on, and says so when that page is gone', async () => {
    const { state, handlers } = freshWorker();
    const target = { viewId: VIEW, candidateKey: 'email:li.lei@163.com' };
    const note = { viewId: VIEW, target, noteId: crypto.randomUUID(), body: '2,000 pallets', kind: 'note' as const };
    await expect(handlers.addNote(note)).rejects.toMatchObject({ code: 'not_found', params: { entity: 'page' } });
    state.setContext({ type: 'context', viewId: VIEW, context: page('li.lei@163.com') });
    await handlers.addNote(note);
    const [created] = await db.customers.where('id').notEqual('c1').toArray();
    expect(created).toMatchObject({ name: 'Joan Miller' });
    expect(await db.notes.get(note.noteId)).toMatchObject({ customerId: created!.id, source: { site: 'gmail' } });
  });
});

describe('refusals show on their own customer only', () => {
  it("shows a refused claim on X in X's sidebar, not in Y's", async () => {
    await db.customers.put({ ...(await db.customers.get('c1'))!, id: 'c2', name: 'Globex' });
    await db.identities.put({ id: 'i2', customerId: 'c2', kind: 'domain', value: 'globex.com', deletedAt: null });
    const { handlers } = freshWorker();
    await handlers.claimCustomer({ target: { customerId: 'c1' }, eventId: crypto.randomUUID() });
    await handlers.addNote({ viewId: VIEW, target: { customerId: 'c2' }, noteId: crypto.randomUUID(), body: 'Hello', kind: 'note' });
    // The server refuses the claim (mutation 1) when it is pushed.
    await recordRefusals(db, [{ mutationID: 1, name: 'claimCustomer', code: 'already_owned', message: 'Ben owns it', params: {} }]);
    const northwind = await sidebarView(db, session, page('joan@northwind-traders.com'), null, sync);
    const globex = await sidebarView(db, session, page('hans@globex.com'), null, sync);
    expect(northwind.refusals.map((r) => r.mutationID)).toEqual([1]);
    expect(globex.customer?.id).toBe('c2');
    expect(globex.refusals).toEqual([]);
  });
});
