import type { Runtime } from 'webextension-polyfill';
import { customerCandidates, type PageContext } from '@/model/context';
import { MutationError } from '@/model/mutators';
import { JoinResponse } from '@/model/sync';
import { API_PORT, PAGE_PORT, PageMessage, type SyncView } from './api';
import { SidenoteDB } from './db';
import { watchQuery } from './live';
import { addNoteOnCandidate } from './notes';
import { serveApi, type RequestHandlers, type SubscriptionHandlers } from './port-server';
import { selfOf } from './resolve';
import { loadSession, publicSession, saveSession, type Session } from './session';
import { Signal } from './signal';
import { actorOf, SyncEngine } from './sync/engine';
import { callServer } from './sync/http';
import { LiveLink } from './sync/live';
import { sidebarView } from './views';

export const SYNC_ALARM = 'sidenote-sync';

/** Gives a fresh database its clientID: one per installed extension and joined team. */
async function ensureClientID(db: SidenoteDB): Promise<void> {
  await db.transaction('rw', db.$meta, async () => {
    if (!(await db.getMeta('clientID'))) await db.setMeta('clientID', crypto.randomUUID());
  });
}

/** Forgets every row and the sync state, for a device joining another team or leaving. */
async function resetDatabase(db: SidenoteDB): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
  });
  await ensureClientID(db);
}

/**
 * The background's whole job, wired: it owns the database, keeps the session, runs sync, and
 * serves the API to the extension's pages and the page contexts from content scripts.
 */
export function startBackground(db = new SidenoteDB()) {
  const session = new Signal<Session | null | undefined>(undefined);
  const contexts = new Signal<Map<string, PageContext>>(new Map());
  const getSession = async () => {
    if (session.value === undefined) session.set(await loadSession());
    return session.value ?? null;
  };
  const engine = new SyncEngine(db, getSession);
  const live = new LiveLink(() => void engine.sync());
  const ready = ensureClientID(db);
  // The live socket follows the session: connected while joined, closed after leaving.
  const followSession = (s: Session | null | undefined) => (s ? live.start(s.serverUrl, s.token) : live.stop());
  session.listen(followSession);

  const requireSession = async (): Promise<Session> => {
    const s = await getSession();
    if (!s) throw new MutationError('forbidden', 'Join your team in Sidenote’s options first.');
    return s;
  };

  const handlers: RequestHandlers = {
    async join(form) {
      const joined = await callServer({ serverUrl: form.serverUrl }, '/v1/join', JoinResponse, {
        method: 'POST',
        body: { inviteCode: form.inviteCode, name: form.name, email: form.email },
      });
      const next: Session = { serverUrl: form.serverUrl, token: joined.token, member: joined.member, team: joined.team };
      const previous = await getSession();
      // Another server or team: its data must not mix with what this device had.
      if (!previous || previous.serverUrl !== next.serverUrl || previous.team.id !== next.team.id) await resetDatabase(db);
      await saveSession(next);
      session.set(next);
      void engine.sync();
      return publicSession(next)!;
    },
    async leave() {
      await saveSession(null);
      session.set(null);
      await resetDatabase(db);
      void engine.sync();
      return null;
    },
    async addNote({ viewId, noteId, candidateKey, body, kind }) {
      const s = await requireSession();
      await ready;
      const context = contexts.value.get(viewId);
      const candidate = context ? customerCandidates(context, await selfOf(db, s)).find((c) => c.key === candidateKey) : undefined;
      if (!context || !candidate) {
        throw new MutationError('not_found', 'This page no longer shows that customer. Reload the page and try again.');
      }
      await addNoteOnCandidate(db, actorOf(s), context, candidate, { noteId, body, kind });
      void engine.sync();
      return { noteId };
    },
    async syncNow() {
      await engine.sync();
      return null;
    },
    async dismissRefusal({ mutationID }) {
      await db.$refusals.update(mutationID, { seen: true });
      return null;
    },
  };

  const syncView = async (): Promise<SyncView> => ({ ...engine.state.value, pending: await db.$outbox.count() });

  const subscriptions: SubscriptionHandlers = {
    session: (_args, emit, fail) => watchQuery(async () => publicSession(await getSession()), [session], emit, fail),
    sidebar: ({ viewId, candidateKey }, emit, fail) => {
      void engine.sync();
      return watchQuery(
        async () => sidebarView(db, await getSession(), contexts.value.get(viewId) ?? null, candidateKey, await syncView()),
        [session, contexts, engine.state],
        emit,
        fail,
      );
    },
  };

  const onPagePort = (port: Runtime.Port) => {
    const views = new Set<string>();
    port.onMessage.addListener((raw: unknown) => {
      const parsed = PageMessage.safeParse(raw);
      if (!parsed.success) return;
      const { viewId, context } = parsed.data;
      views.add(viewId);
      contexts.set(new Map(contexts.value).set(viewId, context));
    });
    port.onDisconnect.addListener(() => {
      const next = new Map(contexts.value);
      for (const id of views) next.delete(id);
      contexts.set(next);
    });
  };

  browser.runtime.onConnect.addListener((port) => {
    // Only this extension's own content scripts and pages; nothing from web pages.
    if (port.sender?.id !== browser.runtime.id) return port.disconnect();
    if (port.name === PAGE_PORT) onPagePort(port);
    else if (port.name === API_PORT) serveApi(port, handlers, subscriptions);
    else port.disconnect();
  });

  // Back online: send what waited in the outbox now, not at the next retry.
  globalThis.addEventListener?.('online', () => void engine.sync());
  void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void engine.sync();
  });
  void ready.then(async () => {
    followSession(await getSession());
    await engine.sync();
  });

  return { db, engine, live, handlers, subscriptions, contexts, session };
}
