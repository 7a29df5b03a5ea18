import { localTimeZone } from '@/model/calendar';
import { normalizeIdentity } from '@/model/identity';
import { ActivityPage, AdminMembers, DeviceCode, Imported, MemberChanged, MyDevices, NewInviteResult, TeamChanged } from '@/model/admin';
import { clip, MutationError } from '@/model/mutators';
import { MAX_CUSTOMER_NAME } from '@/model/schemas';
import { RecognitionSummary } from '@/model/selectors';
import { JoinResponse } from '@/model/sync';
import { z } from '../model/z';
import type { BackgroundState } from './context';
import type { SidenoteDB } from './db';
import { mutate, type PendingMutation } from './mutate';
import type { CustomerTarget } from './api';
import { sourceOf, writeOnCandidate } from './notes';
import type { RequestHandlers } from './port-server';
import { savePrefs } from './prefs';
import { pageCandidates, resolveCandidate, selfOf } from './resolve';
import { publicSession, saveSession, type Session } from './session';
import { disableSite, enableSite, siteAccess } from './site-access';
import { actorOf } from './sync/engine';
import { callServer, callServerText } from './sync/http';
import { lastPageOf, noteRevisionViews } from './views';
import { boardCards } from './board-views';
import { periodRange } from '@/model/board';
import { search } from './search/search';

/** Gives a fresh database its clientID: one per installed extension and joined team. */
export async function ensureClientID(db: SidenoteDB): Promise<void> {
  await db.transaction('rw', db.$state, async () => {
    if (!(await db.getMeta('clientID'))) await db.setMeta('clientID', crypto.randomUUID());
  });
}

/**
 * Forgets every row and the sync state, for a device joining another team or leaving. The sync
 * in flight is stopped first, and the new epoch makes whatever of it still arrives be dropped,
 * so no row of the old team lands in the fresh database.
 */
async function resetDatabase(state: Pick<BackgroundState, 'db' | 'engine'>): Promise<void> {
  const { db } = state;
  state.engine.interrupt();
  // The session is not the team's data: joining writes the new one, leaving removes it.
  const tables = db.tables.filter((table) => table.name !== '$session');
  await db.transaction('rw', tables, async () => {
    for (const table of tables) await table.clear();
    await db.setMeta('epoch', crypto.randomUUID());
  });
  await ensureClientID(db);
}

/**
 * Signs this device out and forgets the team's data on it: when the user leaves, and when the
 * server no longer accepts its token (revoked, or its member deactivated).
 */
export async function signOut(state: BackgroundState): Promise<void> {
  await saveSession(state.db, null);
  state.session.set(null);
  await resetDatabase(state);
  void state.engine.sync();
}

/** What this device calls itself in its member's device list: the browser and the system. */
function deviceLabel(): string {
  const ua = globalThis.navigator?.userAgent ?? '';
  const browserName = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : 'Browser';
  const system = /Windows/.test(ua)
    ? 'Windows'
    : /Mac OS X/.test(ua)
      ? 'macOS'
      : /CrOS/.test(ua)
        ? 'ChromeOS'
        : /Linux/.test(ua)
          ? 'Linux'
          : '';
  return system ? `${browserName} · ${system}` : browserName;
}

/** The background's answers to the pages' requests (client/api.ts `requests`). */
export function requestHandlers(state: BackgroundState): RequestHandlers {
  const { db, session } = state;

  /** Queues mutations as the signed-in member and starts sending them. */
  const write = async (mutations: PendingMutation[] | ((s: Session) => PendingMutation[])) => {
    const s = await state.requireSession();
    await mutate(db, actorOf(s), typeof mutations === 'function' ? mutations(s) : mutations);
    void state.engine.sync();
    return null;
  };

  /** Calls one of the server's routes as this device: a GET, or a POST with `body`. */
  const server = async <S extends z.ZodMiniType>(path: string, schema: S, body?: unknown): Promise<z.infer<S>> => {
    const s = await state.requireSession();
    return callServer({ serverUrl: s.serverUrl, token: s.token }, path, schema, body === undefined ? {} : { method: 'POST', body });
  };

  /** The candidate a page shows, or a refusal in words when the page moved on. */
  const candidateOn = async (viewId: string, candidateKey: string) => {
    const s = await state.requireSession();
    const context = state.contexts.value.get(viewId);
    const candidate = context ? (await pageCandidates(db, context, await selfOf(db, s))).find((c) => c.key === candidateKey) : undefined;
    if (!context || !candidate)
      throw new MutationError('not_found', 'This page no longer shows that customer. Reload the page and try again.', {
        entity: 'page',
      });
    return { s, context, candidate };
  };

  /**
   * Queues what `build` makes for the target customer: straight on its id when the sidebar knows
   * it (the mutator resolves it, once), else on the page's candidate, created first if need be.
   */
  const writeOn = async (target: CustomerTarget, build: (customerId: string) => PendingMutation[]) => {
    if ('customerId' in target) return write(build(target.customerId));
    const { s, candidate } = await candidateOn(target.viewId, target.candidateKey);
    await writeOnCandidate(db, actorOf(s), candidate, build);
    void state.engine.sync();
    return null;
  };

  /**
   * Whether the action with this client-made id is done already: a page re-sends its request when
   * the worker restarted mid-way, and the action must then happen once, not twice.
   */
  const done = async (table: 'notes' | 'tasks' | 'customerEvents' | 'noteRevisions' | 'identities', id: string) =>
    (await db.table(table).get(id)) !== undefined;

  return {
    async join(form) {
      const joined = await callServer({ serverUrl: form.serverUrl }, '/v1/join', JoinResponse, {
        method: 'POST',
        body: { inviteCode: form.inviteCode, name: form.name, email: form.email, deviceLabel: deviceLabel() },
      });
      const next: Session = { serverUrl: form.serverUrl, token: joined.token, member: joined.member, team: joined.team };
      const previous = await state.getSession();
      // Another server or team: its data must not mix with what this device had.
      if (!previous || previous.serverUrl !== next.serverUrl || previous.team.id !== next.team.id) await resetDatabase(state);
      await saveSession(db, next);
      session.set(next);
      void state.engine.sync();
      return publicSession(next)!;
    },
    async leave() {
      await signOut(state);
      return null;
    },
    async addNote({ viewId, target, noteId, body, kind, change, askedOf, mentions }) {
      if (await done('notes', noteId)) return { noteId };
      const context = state.contexts.value.get(viewId);
      await writeOn(target, (customerId) => [
        {
          name: 'createNote',
          args: {
            id: noteId,
            customerId,
            body,
            kind,
            change: change ?? null,
            question: kind === 'question' && askedOf ? { askedOf } : null,
            mentions: mentions ?? [],
            source: context ? sourceOf(context) : null,
          },
        },
      ]);
      return { noteId };
    },
    async answerQuestion({ noteId, replyId, body }) {
      if (await done('customerEvents', replyId)) return null;
      return write([{ name: 'answerQuestion', args: { id: replyId, noteId, body } }]);
    },
    // Idempotent by their values: resolving or following twice changes nothing more.
    resolveQuestion: ({ noteId }) => write([{ name: 'resolveQuestion', args: { noteId } }]),
    followCustomer: ({ customerId, follow }) => write([{ name: 'followCustomer', args: { customerId, follow } }]),
    async dismissMention({ noteId }) {
      await db.$read.put({ key: `mention:${noteId}`, at: Date.now() });
      return null;
    },
    async updateNote({ noteId, revisionId, body }) {
      if (await done('noteRevisions', revisionId)) return null;
      return write([{ name: 'updateNote', args: { id: noteId, revisionId, patch: { body } } }]);
    },
    // Setting the flag is idempotent, so the revision id (kept only for text edits) can be made here.
    pinNote: ({ noteId, pinned }) =>
      write([{ name: 'updateNote', args: { id: noteId, revisionId: crypto.randomUUID(), patch: { pinned } } }]),
    acknowledgeChange: ({ noteId }) => write([{ name: 'acknowledgeChange', args: { noteId } }]),
    deleteNote: ({ noteId, eventId }) => write([{ name: 'deleteNote', args: { id: noteId, eventId } }]),
    noteRevisions: ({ noteId }) => noteRevisionViews(db, noteId),
    async createTask({ viewId, target, taskId, title, dueAt, assigneeId, noteId }) {
      if (await done('tasks', taskId)) return null;
      const context = state.contexts.value.get(viewId);
      return writeOn(target, (customerId) => [
        {
          name: 'createTask',
          args: { id: taskId, customerId, title, dueAt, assigneeId, noteId, source: context ? sourceOf(context) : null },
        },
      ]);
    },
    async claimCustomer({ target, eventId }) {
      if (await done('customerEvents', eventId)) return null;
      return writeOn(target, (customerId) => [{ name: 'claimCustomer', args: { customerId, eventId } }]);
    },
    async handOffCustomer({ customerId, toId, note, moveTasks, eventId }) {
      if (await done('customerEvents', eventId)) return null;
      return write([{ name: 'handOffCustomer', args: { customerId, toId, note, moveTasks, eventId } }]);
    },
    async askHandOff({ customerId, noteId, body, viewId }) {
      if (await done('notes', noteId)) return null;
      const customer = await db.customers.get(customerId);
      const mentions = customer?.ownerId ? [customer.ownerId] : [];
      const context = viewId === undefined ? undefined : state.contexts.value.get(viewId);
      const source = context ? sourceOf(context) : null;
      return write([{ name: 'createNote', args: { id: noteId, customerId, body, kind: 'chat', mentions, source } }]);
    },
    async markHandOffRead({ eventId }) {
      await db.$read.put({ key: `handoff:${eventId}`, at: Date.now() });
      return null;
    },
    customerPage: ({ customerId }) => lastPageOf(db, customerId),
    async searchCustomers({ query }) {
      const needle = query.trim().toLowerCase();
      const found = await db.customers
        .filter((c) => c.deletedAt === null && c.mergedIntoId === null && (!needle || c.name.toLowerCase().includes(needle)))
        .limit(20)
        .toArray();
      return found.map((c) => ({ id: c.id, name: c.name, ownerId: c.ownerId, updatedAt: c.updatedAt }));
    },
    async search({ query, limit }) {
      const s = await state.getSession();
      if (!s) return { hits: [], pending: 0 };
      return search(db, query, { viewerId: s.member.id, limit });
    },
    async linkPage({ viewId, identityId, customerId, name }) {
      if (await done('identities', identityId)) return null;
      const context = state.contexts.value.get(viewId);
      const url = context && normalizeIdentity('url', context.url);
      if (!url) throw new MutationError('invalid', 'This page cannot be linked: it has no web address.');
      const page = { id: identityId, kind: 'url' as const, value: url };
      if (customerId) return write([{ name: 'addIdentity', args: { ...page, customerId } }]);
      // A new customer takes the link's id: one id made where the user acted, for both.
      const newName = clip(name?.trim() || context.title.trim() || url, MAX_CUSTOMER_NAME);
      return write([{ name: 'createCustomer', args: { id: identityId, name: newName, identities: [page] } }]);
    },
    async mergeCustomers({ fromId, intoId, eventId }) {
      if (await done('customerEvents', eventId)) return null;
      return write([{ name: 'mergeCustomers', args: { fromId, intoId, eventId } }]);
    },
    async moveIdentity({ identityId, toCustomerId, eventId }) {
      if (await done('customerEvents', eventId)) return null;
      return write([{ name: 'moveIdentity', args: { identityId, toCustomerId, eventId } }]);
    },
    async setStage({ customerId, stage, eventId }) {
      if (await done('customerEvents', eventId)) return null;
      return write([{ name: 'setStage', args: { customerId, stage, eventId } }]);
    },
    async renameCustomer({ customerId, name, eventId }) {
      if (await done('customerEvents', eventId)) return null;
      return write([{ name: 'renameCustomer', args: { customerId, name, eventId } }]);
    },
    // Idempotent by their values: the same patch or completion sent twice changes nothing more.
    updateTask: ({ id, patch }) => write([{ name: 'updateTask', args: { id, patch } }]),
    completeTask: ({ id, done: isDone }) => write([{ name: 'completeTask', args: { id, done: isDone } }]),
    // Deleting twice deletes once; the mutator also keeps one history line per event id.
    deleteTask: ({ id, eventId }) => write([{ name: 'deleteTask', args: { id, eventId } }]),
    async nudgeTask({ taskId, noteId, body }) {
      const task = await db.tasks.get(taskId);
      if (!task || task.deletedAt !== null) throw new MutationError('not_found', 'That follow-up no longer exists.', { entity: 'task' });
      // A mention is what notifies a teammate (client/reminders.ts): the assignee hears of it once.
      return write([
        { name: 'createNote', args: { id: noteId, customerId: task.customerId, body, kind: 'note', mentions: [task.assigneeId] } },
      ]);
    },
    // Each customer's history line has an id derived from eventId: a replay moves nothing more.
    transferMember: ({ fromId, toId, eventId }) => write([{ name: 'transferMember', args: { fromId, toId, eventId } }]),
    updateTeamSettings: ({ patch }) => write([{ name: 'updateTeamSettings', args: { patch } }]),
    boardCards: async (args) => boardCards(db, await state.requireSession(), args),
    async setGoal({ memberId, metric, period, target }) {
      const startsAt = periodRange(period, Date.now(), localTimeZone()).start;
      return write([{ name: 'setGoal', args: { id: crypto.randomUUID(), memberId, metric, period, target, startsAt } }]);
    },
    async setPrefs(prefs) {
      await savePrefs(prefs);
      state.prefs.set(prefs);
      return null;
    },
    siteAccess: ({ url }) => siteAccess(url),
    async checkPages() {
      const s = await state.getSession();
      const self = s ? await selfOf(db, s) : { email: '', teamDomains: [] };
      return Promise.all(
        [...state.contexts.value].map(async ([viewId, context]) => ({
          tabId: state.tabs.get(viewId) ?? null,
          context,
          candidates: await Promise.all(
            (await pageCandidates(db, context, self)).map(async (c) => ({
              key: c.key,
              name: c.name,
              customerId: (await resolveCandidate(db, c))?.id ?? null,
            })),
          ),
        })),
      );
    },
    async enableSite({ origin, tabId }) {
      await enableSite(origin, tabId);
      return null;
    },
    async disableSite({ origin }) {
      await disableSite(origin);
      return null;
    },
    async recognitionReport() {
      const s = await state.requireSession();
      // This device's own counts first, so what the admin just saw is in the list.
      await state.recognition.report();
      return callServer({ serverUrl: s.serverUrl, token: s.token }, '/v1/recognition', RecognitionSummary);
    },
    async syncNow() {
      await state.engine.sync();
      return null;
    },
    async dismissRefusal({ mutationID }) {
      await db.$refusals.update(mutationID, { seen: true });
      return null;
    },
    myDevices: () => server('/v1/devices', MyDevices),
    async revokeDevice({ deviceId }) {
      await server(`/v1/devices/${encodeURIComponent(deviceId)}/revoke`, z.unknown(), {});
      // Revoking this very device signs it out at the next sync.
      void state.engine.sync();
      return null;
    },
    makeDeviceCode: () => server('/v1/devices/code', DeviceCode, {}),
    adminMembers: () => server('/v1/admin/members', AdminMembers),
    createInvite: (args) => server('/v1/admin/invites', NewInviteResult, args),
    async withdrawInvite({ inviteId }) {
      await server(`/v1/admin/invites/${encodeURIComponent(inviteId)}/withdraw`, z.unknown(), {});
      return null;
    },
    async updateMember({ memberId, patch }) {
      const { member } = await server(`/v1/admin/members/${encodeURIComponent(memberId)}`, MemberChanged, patch);
      void state.engine.sync();
      return member;
    },
    memberDeviceCode: ({ memberId }) => server(`/v1/admin/members/${encodeURIComponent(memberId)}/device-code`, DeviceCode, {}),
    async updateTeam(patch) {
      const { team } = await server('/v1/admin/team', TeamChanged, patch);
      const s = await state.requireSession();
      // The session carries the team (its domains decide who is a customer): keep it current now.
      const next = { ...s, team };
      await saveSession(db, next);
      session.set(next);
      void state.engine.sync();
      return null;
    },
    teamActivity: ({ after }) => server(`/v1/admin/activity?limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`, ActivityPage),
    async exportTeamData({ format, table }) {
      const s = await state.requireSession();
      const day = new Date().toISOString().slice(0, 10);
      const target = { serverUrl: s.serverUrl, token: s.token };
      if (format === 'json') {
        const text = await callServerText(target, '/v1/admin/export?format=json');
        return { filename: `sidenote-${day}.json`, mime: 'application/json', text };
      }
      const text = await callServerText(target, `/v1/admin/export?format=csv&table=${table ?? 'customers'}`);
      return { filename: `sidenote-${table ?? 'customers'}-${day}.csv`, mime: 'text/csv;charset=utf-8', text };
    },
    async importTeamData({ text }) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new MutationError('invalid', 'This file is not a Sidenote export (it is not JSON).');
      }
      const { imported } = await server('/v1/admin/import', Imported, body);
      void state.engine.sync();
      return imported;
    },
    // The Port already checked the view is of the sidebar's own tab (client/background.ts).
    openView: async ({ viewId }) => state.contexts.value.has(viewId),
    async closeSidebar({ viewId }) {
      state.commandSidebar({ viewId }, 'close');
      return null;
    },
  };
}
