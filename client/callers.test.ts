import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Runtime } from 'webextension-polyfill';
import type { Member } from '@/model/schemas';
import { acceptPort } from './accept-port';
import { requests, subscriptions } from './api';
import { CALLERS, type CallerName } from './callers';
import { BackgroundState } from './context';
import { SidenoteDB } from './db';
import { API_PORT, PAGE_PORT } from './ports';
import { ensureClientID, requestHandlers } from './requests';
import type { Session } from './session';
import { subscriptionHandlers } from './subscriptions';
import { SyncEngine } from './sync/engine';
import { RecognitionCounter } from './recognition';
import { SiteSelectorSync } from './site-selectors';
import { gmailThread, TEST_TEAM } from './testing-db';

const team = TEST_TEAM;
const ana: Member = { id: 'ana', teamId: 't1', name: 'Ana Souza', email: 'ana@sidenote-demo.com', role: 'admin', active: true };
const session: Session = { serverUrl: 'http://127.0.0.1:9', token: 'tok_secret', member: ana, team };
const context = gmailThread();
const GMAIL = context.url;

/** A Port as the browser hands it to the background: the sender is the browser's word, not the caller's. */
function fakePort(name: string, sender: Runtime.MessageSender) {
  const onMessage: ((m: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const received: { type: string; id?: number; value?: unknown; error?: { code: string } }[] = [];
  let disconnected = false;
  const port = {
    name,
    sender,
    postMessage: (m: never) => void received.push(m),
    disconnect: () => {
      disconnected = true;
      onDisconnect.forEach((l) => l());
    },
    onMessage: { addListener: (l: (m: unknown) => void) => void onMessage.push(l) },
    onDisconnect: { addListener: (l: () => void) => void onDisconnect.push(l) },
  } as unknown as Runtime.Port;
  let nextId = 1;
  /** Sends one call and waits for its answer (or gives up: a refused Port answers nothing). */
  const call = async (type: 'request' | 'subscribe', callName: string, args: unknown, waitMs = 1000) => {
    const id = nextId++;
    onMessage.forEach((l) => l({ type, id, name: callName, args }));
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const answer = received.find((m) => m.id === id);
      if (answer) return answer;
      await new Promise((r) => setTimeout(r, 5));
    }
    return null;
  };
  return {
    port,
    received,
    get disconnected() {
      return disconnected;
    },
    post: (m: unknown) => onMessage.forEach((l) => l(m)),
    request: (n: string, args: unknown, waitMs?: number) => call('request', n, args, waitMs),
    subscribe: (n: string, args: unknown, waitMs?: number) => call('subscribe', n, args, waitMs),
  };
}

const extensionUrl = (path: string) => browser.runtime.getURL(path as '/popup.html');
let state: BackgroundState;
let connect: (name: string, sender: Runtime.MessageSender) => ReturnType<typeof fakePort>;

beforeEach(async () => {
  fakeBrowser.reset();
  const db = new SidenoteDB(`callers-${crypto.randomUUID()}`);
  await ensureClientID(db);
  await db.members.put(ana);
  await db.teams.put(team);
  state = new BackgroundState(db);
  state.session.set(session);
  state.siteSelectors = new SiteSelectorSync(db, async () => null);
  state.recognition = new RecognitionCounter(db, async () => null);
  state.engine = new SyncEngine(
    db,
    async () => session,
    () => Promise.reject(new TypeError('offline')),
  );
  const handlers = requestHandlers(state);
  const subs = subscriptionHandlers(state);
  connect = (name, sender) => {
    const fake = fakePort(name, sender);
    acceptPort(fake.port, state, handlers, subs);
    return fake;
  };
});

const tab = (id: number) =>
  ({ id, index: 0, highlighted: false, active: true, pinned: false, incognito: false }) as Runtime.MessageSender['tab'];
const contentScript = (tabId: number): Runtime.MessageSender => ({ id: browser.runtime.id, url: GMAIL, tab: tab(tabId), frameId: 0 });
const page = (path: string, tabId?: number): Runtime.MessageSender => ({
  id: browser.runtime.id,
  url: extensionUrl(path),
  tab: tabId === undefined ? undefined : tab(tabId),
  frameId: tabId === undefined ? 0 : 3,
});

/** A content script in `tabId` reports its page view, as content/run.ts does. */
function reportView(tabId: number, viewId = crypto.randomUUID()) {
  const script = connect(PAGE_PORT, contentScript(tabId));
  script.post({ type: 'context', viewId, context });
  return { viewId, script };
}

describe('the data API Port', () => {
  it('is refused to a content script, which shares the extension’s id but not its origin', async () => {
    const { viewId } = reportView(7);
    const api = connect(API_PORT, contentScript(7));
    expect(api.disconnected).toBe(true);
    expect(await api.subscribe('sidebar', { viewId }, 100)).toBeNull();
    expect(await api.request('leave', {}, 100)).toBeNull();
    expect(api.received).toEqual([]);
  });

  it('is refused to other extensions, to extension pages that are no caller, and to a sidebar outside any tab', () => {
    expect(connect(API_PORT, { ...page('/options.html'), id: 'another-extension' }).disconnected).toBe(true);
    expect(connect(API_PORT, { ...page('/options.html'), url: 'chrome-extension://another-extension/options.html' }).disconnected).toBe(
      true,
    );
    expect(connect(API_PORT, page('/background.html')).disconnected).toBe(true);
    expect(connect(API_PORT, page('/sidebar.html')).disconnected).toBe(true);
    expect(connect(API_PORT, { id: browser.runtime.id, url: undefined }).disconnected).toBe(true);
    expect(connect('sidenote-other', page('/options.html')).disconnected).toBe(true);
    expect(connect(API_PORT, page('/options.html')).disconnected).toBe(false);
  });

  it('gives each page its own vocabulary and refuses every other request and subscription, before reading its arguments', async () => {
    const pages: Record<CallerName, Runtime.MessageSender> = {
      sidebar: page('/sidebar.html', 7),
      popup: page('/popup.html'),
      options: page('/options.html', 9),
      board: page('/board.html'),
    };
    for (const [caller, sender] of Object.entries(pages) as [CallerName, Runtime.MessageSender][]) {
      const api = connect(API_PORT, sender);
      const spec = CALLERS[caller];
      for (const name of Object.keys(requests).filter((n) => !(spec.requests as readonly string[]).includes(n))) {
        expect(await api.request(name, {}), `${caller} → ${name}`).toMatchObject({ type: 'error', error: { code: 'forbidden' } });
      }
      for (const name of Object.keys(subscriptions).filter((n) => !(spec.subscriptions as readonly string[]).includes(n))) {
        expect(await api.subscribe(name, {}), `${caller} ⇢ ${name}`).toMatchObject({ type: 'error', error: { code: 'forbidden' } });
      }
      // A name nobody declared is refused the same way.
      expect(await api.request('__proto__', {})).toMatchObject({ type: 'error', error: { code: 'forbidden' } });
    }
    // What each may use is served.
    const options = connect(API_PORT, pages.options);
    expect(await options.subscribe('session', {})).toMatchObject({ type: 'data', value: { member: { id: 'ana' } } });
    expect(JSON.stringify(options.received)).not.toContain(session.token);
    const popup = connect(API_PORT, pages.popup);
    expect(await popup.subscribe('popup', {})).toMatchObject({ type: 'data', value: { session: { member: { id: 'ana' } } } });
  });

  it('lets a sidebar see only the page views its own tab’s content script reported', async () => {
    const mine = reportView(7);
    const theirs = reportView(8);
    const sidebar = connect(API_PORT, page('/sidebar.html', 7));
    expect(await sidebar.request('openView', { viewId: mine.viewId })).toEqual({ type: 'result', id: 1, value: true });
    expect(await sidebar.subscribe('sidebar', { viewId: mine.viewId })).toMatchObject({
      type: 'data',
      value: { context: { url: GMAIL }, selected: { key: 'domain:northwind-traders.com' } },
    });
    // Another tab's view, by key or inside a target: refused, and nothing written.
    expect(await sidebar.request('openView', { viewId: theirs.viewId })).toMatchObject({ error: { code: 'forbidden' } });
    expect(await sidebar.subscribe('sidebar', { viewId: theirs.viewId })).toMatchObject({ error: { code: 'forbidden' } });
    const note = {
      viewId: mine.viewId,
      target: { viewId: theirs.viewId, candidateKey: 'domain:northwind-traders.com' },
      noteId: crypto.randomUUID(),
      body: 'x',
    };
    expect(await sidebar.request('addNote', note)).toMatchObject({ error: { code: 'forbidden' } });
    expect(await sidebar.request('closeSidebar', { viewId: theirs.viewId })).toMatchObject({ error: { code: 'forbidden' } });
    expect(await state.db.notes.count()).toBe(0);
    expect(await state.db.$outbox.count()).toBe(0);
  });

  it('waits a moment for a view a restarted worker has not heard of yet, and refuses one that never comes', async () => {
    const sidebar = connect(API_PORT, page('/sidebar.html', 7));
    const viewId = crypto.randomUUID();
    const answer = sidebar.request('openView', { viewId }, 2000);
    await new Promise((r) => setTimeout(r, 50));
    reportView(7, viewId);
    expect(await answer).toMatchObject({ type: 'result', value: true });
    expect(await state.isViewOfTab(crypto.randomUUID(), 7, 50)).toBe(false);
  });
});

describe('the content scripts’ page channel', () => {
  it('is refused to extension pages and to senders outside a tab', () => {
    expect(connect(PAGE_PORT, page('/sidebar.html', 7)).disconnected).toBe(true);
    expect(connect(PAGE_PORT, { id: browser.runtime.id, url: GMAIL }).disconnected).toBe(true);
    expect(connect(PAGE_PORT, contentScript(7)).disconnected).toBe(false);
  });

  it('keeps a view bound to the content script that reported it first: another tab naming it is not heard', async () => {
    const { viewId } = reportView(7);
    const intruder = connect(PAGE_PORT, contentScript(8));
    intruder.post({ type: 'context', viewId, context: { ...context, url: 'https://mail.google.com/mail/u/0/#inbox/other' } });
    expect(state.tabs.get(viewId)).toBe(7);
    expect(state.contexts.value.get(viewId)?.url).toBe(GMAIL);
    // Its messages are parsed: a malformed one changes nothing.
    intruder.post({ type: 'context', viewId: crypto.randomUUID(), context: { site: 'gmail' } });
    expect(state.contexts.value.size).toBe(1);
  });
});

/** The files an entrypoint imports, transitively (its own source only). */
function importClosure(entry: string): string[] {
  const root = resolve(import.meta.dirname, '..');
  const seen = new Set<string>();
  const stack = [resolve(root, entry)];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
      const base = spec!.startsWith('@/') ? resolve(root, spec!.slice(2)) : spec!.startsWith('.') ? resolve(dirname(file), spec!) : null;
      const found = base && ['.ts', '.tsx', '/index.ts', ''].map((ext) => base + ext).find((f) => existsSync(f) && /\.tsx?$/.test(f));
      if (found) stack.push(found);
    }
  }
  return [...seen];
}

describe('the declared vocabularies', () => {
  it.each(Object.keys(CALLERS) as CallerName[])('hold every call the %s page makes', (caller) => {
    const used = { requests: new Set<string>(), subscriptions: new Set<string>() };
    for (const file of importClosure(`entrypoints/${caller}/main.tsx`)) {
      const source = readFileSync(file, 'utf8');
      for (const [, name] of source.matchAll(/\.request\(\s*'(\w+)'/g)) used.requests.add(name!);
      for (const [, name] of source.matchAll(/(?:useSubscription\(\s*\w+,|\.subscribe\()\s*'(\w+)'/g)) used.subscriptions.add(name!);
    }
    expect(used.requests.size).toBeGreaterThan(0);
    expect([...used.requests].filter((n) => !(CALLERS[caller].requests as readonly string[]).includes(n))).toEqual([]);
    expect([...used.subscriptions].filter((n) => !(CALLERS[caller].subscriptions as readonly string[]).includes(n))).toEqual([]);
  });
});
