import { SIDEBAR_KEY_MESSAGE } from '@/client/ports';
import { pageText } from './page-text';
import {
  collapsedByDefault,
  freeHandleTop,
  HANDLE_HEIGHT,
  HANDLE_STRIP,
  loadCollapsedChoice,
  PageDock,
  saveCollapsedChoice,
  SIDEBAR_WIDTH,
  type ViewKind,
} from './sidebar-layout';

const STYLE = `
:host { all: initial; }
iframe { position: fixed; top: 0; right: 0; box-sizing: border-box; width: ${SIDEBAR_WIDTH}px; height: 100vh; border: 0; z-index: 2147483646;
  border-left: 1px solid #d0d7e2; background: #fff; }
.overlay iframe { box-shadow: -4px 0 12px rgba(0,0,0,.12); }
.collapsed iframe { display: none; }
.handle { position: fixed; right: 0; box-sizing: border-box; width: ${HANDLE_STRIP}px; height: ${HANDLE_HEIGHT}px; z-index: 2147483646; padding: 0;
  border: 1px solid #c9d2e0; border-right: 0; border-radius: 8px 0 0 8px; background: #1a56db; color: #fff; cursor: pointer;
  font: 700 11px/1 system-ui, sans-serif; letter-spacing: .05em; writing-mode: vertical-rl; box-shadow: -2px 2px 6px rgba(0,0,0,.15); }
.handle:focus-visible { outline: 2px solid #f59e0b; outline-offset: 1px; }
.open .handle, .pending .handle { display: none; }
.warn .handle { background: #b45309; }
`;

export interface SidebarFrame {
  /** The page now shows another kind of view: the sidebar takes that view's collapsed state and place. */
  setView(kind: ViewKind): void;
  /** The keyboard command (toggle) or Esc in the sidebar (close). */
  command(action: 'toggle' | 'close'): void;
}

/**
 * Mounts the sidebar: an iframe of the extension's own page (the host page can neither read it
 * nor restyle it, and keys typed in it never reach the page's shortcuts), and a slim handle that
 * shows it again when collapsed. Lives in a shadow root so the page's CSS cannot touch it either.
 * Where the page can make room, it docks beside it; where it cannot, it never opens over the
 * page unasked. Collapsed or open is remembered per site and kind of view.
 */
export function mountSidebarFrame(viewId: string, site: string, signal: AbortSignal): SidebarFrame {
  const host = document.createElement('sidenote-sidebar');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const wrap = document.createElement('div');
  const handle = document.createElement('button');
  handle.type = 'button';
  handle.className = 'handle';
  const frame = document.createElement('iframe');
  frame.dataset.sidenote = 'sidebar';
  frame.title = pageText('extName');
  // The page can read this address (a dynamic one, per browser session), so it holds no key: the
  // view's key is posted into the frame once our sidebar has loaded there, to the extension's
  // origin only, so a page that navigated the frame elsewhere receives nothing.
  frame.src = browser.runtime.getURL('/sidebar.html');
  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
  frame.addEventListener('load', () => frame.contentWindow?.postMessage({ type: SIDEBAR_KEY_MESSAGE, viewId }, extensionOrigin), {
    signal,
  });
  wrap.append(handle, frame);
  root.append(style, wrap);

  const dock = new PageDock(signal);
  let kind: ViewKind | null = null;
  let collapsed = true;
  /** Whether this view of the page makes room for the sidebar: measured on each view change and resize. */
  let docks = false;
  /** Bumped on every view change, so a stored choice read for an earlier view is not applied. */
  let generation = 0;

  /** Whether the page can make room for the open sidebar (tried and measured, at once, before a paint). */
  const measureDocking = () => {
    dock.reserve(SIDEBAR_WIDTH);
    docks = dock.fits(SIDEBAR_WIDTH);
    if (!docks) dock.release();
  };

  /** Shows the sidebar open or collapsed: docked where the page makes room, else over it. */
  const place = () => {
    const open = !collapsed;
    dock.reserve(docks ? (open ? SIDEBAR_WIDTH : HANDLE_STRIP) : 0);
    wrap.className = [open ? 'open' : 'collapsed', docks ? 'docked' : 'overlay', kind === 'unrecognised' ? 'warn' : ''].join(' ');
    if (!open) handle.style.top = `${docks ? Math.round(window.innerHeight * 0.4) : freeHandleTop(HANDLE_STRIP, host)}px`;
    const warning = kind === 'unrecognised' ? ` (${pageText('pageLayoutUnrecognised')})` : '';
    handle.title = `${pageText('pageShowSidenote')}${warning} · Alt+Shift+S`;
    handle.setAttribute('aria-label', pageText('pageShowSidenote') + warning);
    handle.setAttribute('aria-expanded', String(open));
    handle.textContent = warning ? 'Sidenote ⚠' : 'Sidenote';
  };

  const setCollapsed = (next: boolean, remember: boolean) => {
    collapsed = next;
    place();
    // An unrecognised layout collapses on its own; that is not the user's choice to remember.
    if (remember && kind && kind !== 'unrecognised') void saveCollapsedChoice(site, kind, next);
  };

  handle.addEventListener(
    'click',
    () => {
      setCollapsed(false, true);
      frame.focus();
    },
    { signal },
  );
  // A real change of the window's size (not the one docking announces) measures and places again.
  let replacing = false;
  window.addEventListener(
    'resize',
    () => {
      if (dock.announcing || replacing || !kind) return;
      replacing = true;
      requestAnimationFrame(() => {
        replacing = false;
        if (signal.aborted) return;
        measureDocking();
        place();
      });
    },
    { signal },
  );

  // Nothing shows until the page's first view is known, so the sidebar does not flash open or shut.
  wrap.className = 'pending collapsed';
  document.documentElement.append(host);
  signal.addEventListener('abort', () => host.remove());

  return {
    setView(next) {
      if (next === kind) return;
      kind = next;
      const mine = ++generation;
      if (next === 'unrecognised') return setCollapsed(true, false);
      void loadCollapsedChoice(site, next).then((choice) => {
        if (mine !== generation || signal.aborted) return;
        measureDocking();
        setCollapsed(choice ?? collapsedByDefault(next, docks), false);
      });
    },
    command(action) {
      const next = action === 'close' ? true : !collapsed;
      setCollapsed(next, true);
      // The keyboard user lands where they can go on: in the sidebar, or back on the handle.
      if (next) handle.focus();
      else frame.focus();
    },
  };
}
