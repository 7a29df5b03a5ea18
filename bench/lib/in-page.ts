/**
 * Scripts the benchmarks run inside pages and sidebar frames. They are source text, not
 * functions: tsx wraps named functions in a `__name` helper that pages do not have. Each takes
 * its timestamps with Date.now() where the event happens; all browsers run on this one
 * machine, so their clocks agree. Beside it, `performance.timeOrigin + performance.now()`
 * (sub-millisecond, the clock of the product's hop marks: bench/lib/hops.ts) for the breakdown.
 */
import type { Frame, Page } from 'playwright-core';

/** In a sidebar frame: `__bench.clicks` (note-submit clicks) and `__bench.seen[text]` (when a note-item with that text appeared). */
export const WATCH_NOTES = `(() => {
  if (window.__bench) return;
  const state = (window.__bench = { expected: [], seen: {}, seenPerf: {}, clicks: [], clicksPerf: [] });
  const scan = () => {
    if (state.expected.length === 0) return;
    const now = Date.now();
    const perf = performance.timeOrigin + performance.now();
    const items = [...document.querySelectorAll('[data-testid="note-item"]')].map((item) => item.textContent);
    state.expected = state.expected.filter((text) => {
      if (!items.some((item) => item.includes(text))) return true;
      state.seen[text] = now;
      state.seenPerf[text] = perf;
      return false;
    });
  };
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  document.addEventListener(
    'click',
    (event) => {
      if (event.target instanceof Element && event.target.closest('[data-testid="note-submit"]')) {
        state.clicks.push(Date.now());
        state.clicksPerf.push(performance.timeOrigin + performance.now());
      }
    },
    true,
  );
})()`;

/** Tells WATCH_NOTES to look out for a note with this text. */
export const expectNote = (text: string) => `window.__bench.expected.push(${JSON.stringify(text)})`;
/** When the note with this text appeared (a number), or undefined. */
export const noteSeenAt = (text: string) => `window.__bench.seen[${JSON.stringify(text)}]`;
/** The same on the marks' clock (bench/lib/hops.ts). */
export const noteSeenPerf = (text: string) => `window.__bench.seenPerf[${JSON.stringify(text)}]`;
export const lastClickPerf = `window.__bench.clicksPerf[window.__bench.clicksPerf.length - 1]`;
export const lastClickAt = `window.__bench.clicks[window.__bench.clicks.length - 1]`;
export const clickCount = `window.__bench.clicks.length`;

/**
 * In a sidebar frame: after `__benchOpen.arm(name, note)`, `nameAt` is when customer-name first
 * read `name`, `notesAt` when it did with a note-item containing `note` listed as well.
 */
export const WATCH_CUSTOMER = `(() => {
  if (window.__benchOpen) return;
  const state = (window.__benchOpen = { target: null, nameAt: null, notesAt: null, notesPerf: null });
  const check = () => {
    const target = state.target;
    if (!target || state.notesAt !== null) return;
    const now = Date.now();
    const name = document.querySelector('[data-testid="customer-name"]')?.textContent?.trim();
    if (name !== target.name) return;
    if (state.nameAt === null) state.nameAt = now;
    const items = [...document.querySelectorAll('[data-testid="note-item"]')];
    if (items.some((item) => item.textContent.includes(target.note))) {
      state.notesAt = now;
      state.notesPerf = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver(check).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  state.arm = (name, note) => {
    state.target = { name, note };
    state.nameAt = state.notesAt = state.notesPerf = null;
  };
})()`;

export const armCustomer = (name: string, note: string) => `window.__benchOpen.arm(${JSON.stringify(name)}, ${JSON.stringify(note)})`;
export const customerShown = `window.__benchOpen.notesAt !== null && { nameAt: window.__benchOpen.nameAt, notesAt: window.__benchOpen.notesAt, notesPerf: window.__benchOpen.notesPerf }`;

/** In the host page: `__benchHashAt`, when each hashchange was dispatched (before the page's own listeners). */
export const WATCH_HASH = `(() => {
  if (window.__benchHashAt) return;
  window.__benchHashAt = [];
  window.__benchHashPerf = [];
  window.addEventListener(
    'hashchange',
    () => {
      window.__benchHashAt.push(Date.now());
      window.__benchHashPerf.push(performance.timeOrigin + performance.now());
    },
    true,
  );
})()`;

/**
 * Re-evaluates `expression` in `frame` every `intervalMs` until it is truthy and returns it; null after `timeout` ms.
 * (Playwright's waitForFunction with source text uses eval, which extension pages forbid.)
 */
export async function pollFor<T>(frame: Frame | Page, expression: string, timeout: number, intervalMs = 20): Promise<T | null> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await frame.evaluate<T>(expression);
    if (value) return value;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const navigate = (hash: string) => `location.hash = ${JSON.stringify(hash)}`;
export const lastHashAt = `window.__benchHashAt[window.__benchHashAt.length - 1]`;
export const hashCount = `window.__benchHashAt.length`;
export const lastHashPerf = `window.__benchHashPerf[window.__benchHashPerf.length - 1]`;

/**
 * In a sidebar frame: every sync-status it showed (`__benchSync.states`: time, data-state, text),
 * and after `__benchSync.arm()`, `syncedAt`: when it first read Synced with nothing pending.
 */
export const WATCH_SYNC = `(() => {
  if (window.__benchSync) return;
  const state = (window.__benchSync = { armed: false, syncedAt: null, last: '', states: [] });
  const check = () => {
    const status = document.querySelector('[data-testid="sync-status"]');
    const text = status ? status.textContent.trim() : '';
    const kind = status ? status.getAttribute('data-state') : null;
    if (text !== state.last) {
      state.last = text;
      state.states.push([Date.now(), kind, text]);
    }
    if (state.armed && state.syncedAt === null && kind === 'synced' && /^Synced/.test(text)) state.syncedAt = Date.now();
  };
  new MutationObserver(check).observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true });
  state.arm = () => {
    state.armed = true;
    check();
  };
})()`;

/** In a page: `__benchClicks[testid]`, when each click on an element with that data-testid was dispatched. */
export const WATCH_CLICKS = `(() => {
  if (window.__benchClicks) return;
  window.__benchClicks = {};
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element && event.target.closest('[data-testid]');
      if (target) (window.__benchClicks[target.getAttribute('data-testid')] ??= []).push(Date.now());
    },
    true,
  );
})()`;

/**
 * Before a page's own scripts (an init script): for each name, `__benchFirst[name]`, the page's
 * performance.now() (ms since its navigation started) when an element matching its selector
 * first appeared (null until then).
 */
export const watchFirst = (selectors: Record<string, string>) => `(() => {
  const wanted = ${JSON.stringify(selectors)};
  const state = (window.__benchFirst = Object.fromEntries(Object.keys(wanted).map((name) => [name, null])));
  const check = () => {
    for (const [name, selector] of Object.entries(wanted)) {
      if (state[name] === null && document.querySelector(selector)) state[name] = performance.now();
    }
    if (Object.values(state).every((at) => at !== null)) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})()`;

/** In a page: `__benchAppeared[selector]`, the Date.now() when an element matching `selector` first appeared after this ran. */
export const watchAppear = (selector: string) => `(() => {
  const seen = (window.__benchAppeared ??= {});
  const key = ${JSON.stringify(selector)};
  delete seen[key];
  const observer = new MutationObserver(() => {
    if (document.querySelector(key)) {
      seen[key] = Date.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

/** In a page: `__benchText[key]`, when an element matching `selector` first held `text` (by Date.now()). */
export const watchText = (key: string, selector: string, text: string) => `(() => {
  const seen = (window.__benchText ??= {});
  const key = ${JSON.stringify(key)};
  seen[key] = null;
  const check = () => {
    if (seen[key] !== null) return;
    for (const el of document.querySelectorAll(${JSON.stringify(selector)}))
      if (el.textContent.includes(${JSON.stringify(text)})) {
        seen[key] = Date.now();
        observer.disconnect();
        return;
      }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  check();
})()`;
