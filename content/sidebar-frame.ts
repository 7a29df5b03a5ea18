import { t } from '@/components/i18n';

const WIDTH = 360;
const COLLAPSED_KEY = 'sidebarCollapsed';

const STYLE = `
:host { all: initial; }
.wrap { position: fixed; top: 0; right: 0; height: 100vh; z-index: 2147483646; display: flex; align-items: flex-start;
  font: 13px/1.4 system-ui, sans-serif; pointer-events: none; }
.handle { pointer-events: auto; margin-top: 96px; width: 22px; height: 72px; border: 1px solid #c9d2e0; border-right: 0;
  border-radius: 8px 0 0 8px; background: #1a56db; color: #fff; cursor: pointer; font-weight: 700; padding: 0;
  writing-mode: vertical-rl; font-size: 11px; letter-spacing: .05em; box-shadow: -2px 2px 6px rgba(0,0,0,.15); }
.handle:focus-visible { outline: 2px solid #f59e0b; }
iframe { pointer-events: auto; width: ${WIDTH}px; height: 100vh; border: 0; border-left: 1px solid #d0d7e2;
  background: #fff; box-shadow: -4px 0 12px rgba(0,0,0,.08); color-scheme: light; }
.collapsed iframe { display: none; }
.warn .handle { background: #b45309; }
`;

/**
 * Mounts the sidebar: an iframe of the extension's own page (the host page can neither read it
 * nor restyle it, and keys typed in it never reach the page's shortcuts), beside a slim handle
 * that collapses it. Lives in a shadow root so the page's CSS cannot touch it either.
 */
export function mountSidebarFrame(viewId: string, signal: AbortSignal): { setUnrecognised(on: boolean): void } {
  const host = document.createElement('sidenote-sidebar');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const wrap = document.createElement('div');
  wrap.className = 'wrap';
  const handle = document.createElement('button');
  handle.type = 'button';
  handle.className = 'handle';
  handle.textContent = 'Sidenote';
  const frame = document.createElement('iframe');
  frame.dataset.sidenote = 'sidebar';
  frame.title = t('app.name');
  frame.src = `${browser.runtime.getURL('/sidebar.html')}#view=${encodeURIComponent(viewId)}`;
  wrap.append(handle, frame);
  root.append(style, wrap);

  let preferred = false;
  const show = (collapsed: boolean) => {
    wrap.classList.toggle('collapsed', collapsed);
    handle.setAttribute('aria-expanded', String(!collapsed));
    const warning = wrap.classList.contains('warn') ? ` (${t('handle.unrecognised')})` : '';
    handle.title = t(collapsed ? 'handle.show' : 'handle.hide') + warning;
    handle.setAttribute('aria-label', handle.title);
    handle.textContent = warning ? 'Sidenote ⚠' : 'Sidenote';
  };
  show(false);
  void browser.storage.local.get(COLLAPSED_KEY).then((s) => {
    preferred = s[COLLAPSED_KEY] === true;
    show(wrap.classList.contains('warn') || preferred);
  });
  handle.addEventListener(
    'click',
    () => {
      const collapsed = !wrap.classList.contains('collapsed');
      show(collapsed);
      if (!wrap.classList.contains('warn')) void browser.storage.local.set({ [COLLAPSED_KEY]: (preferred = collapsed) });
    },
    { signal },
  );
  document.documentElement.append(host);
  signal.addEventListener('abort', () => host.remove());
  return {
    /** When the site's layout is not recognised, fall back to the handle alone, marked, until it is again. */
    setUnrecognised(on: boolean) {
      if (wrap.classList.contains('warn') === on) return;
      wrap.classList.toggle('warn', on);
      show(on ? true : preferred);
    },
  };
}
