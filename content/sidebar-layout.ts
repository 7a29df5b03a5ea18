import { STORAGE_KEYS } from '@/client/storage-keys';

/** The sidebar's width, in CSS pixels of the host page. */
export const SIDEBAR_WIDTH = 360;
/** The strip a docked page keeps free for the collapsed handle, so the handle covers nothing. */
export const HANDLE_STRIP = 24;
export const HANDLE_HEIGHT = 76;

/** The kind of view on screen: a list (nothing to say, usually), a record, or a layout not recognised. */
export type ViewKind = 'list' | 'record' | 'unrecognised';

/** Per `site:kind`: true when the user collapsed the sidebar there, false when they opened it. */
type CollapsedChoices = Record<string, boolean>;

/** What the user chose on this site for this kind of view, if anything (read by hand: no zod in content scripts). */
export async function loadCollapsedChoice(site: string, kind: ViewKind): Promise<boolean | undefined> {
  const stored = (await browser.storage.local.get(STORAGE_KEYS.sidebarCollapsed))[STORAGE_KEYS.sidebarCollapsed] as unknown;
  const choice = stored && typeof stored === 'object' ? (stored as CollapsedChoices)[`${site}:${kind}`] : undefined;
  return typeof choice === 'boolean' ? choice : undefined;
}

export async function saveCollapsedChoice(site: string, kind: ViewKind, collapsed: boolean): Promise<void> {
  const key = STORAGE_KEYS.sidebarCollapsed;
  const stored = (await browser.storage.local.get(key))[key] as unknown;
  const choices = stored && typeof stored === 'object' ? { ...(stored as CollapsedChoices) } : {};
  choices[`${site}:${kind}`] = collapsed;
  await browser.storage.local.set({ [key]: choices });
}

/**
 * Where nobody chose yet: lists start collapsed (the sidebar has nothing to say about a list),
 * records open when the page can make room for it, and stay collapsed where it would cover
 * what the user reads.
 */
export function collapsedByDefault(kind: ViewKind, docks: boolean): boolean {
  return kind !== 'record' || !docks;
}

const DOCK_ATTRIBUTE = 'data-sidenote-dock';

/**
 * Makes the page lay itself out beside the sidebar: the body gets a right margin, and the host's
 * scripts hear a resize so what they size by script follows. Works where the host lays out in the
 * body's width (Gmail, Outlook, most pages); `fits` then says whether it worked.
 */
export class PageDock {
  private readonly style = document.createElement('style');
  private width = 0;
  /** True while the resize event this dock sends is being handled (listeners skip their own echo). */
  announcing = false;

  constructor(signal: AbortSignal) {
    signal.addEventListener('abort', () => this.release());
  }

  /** Reserves `width` px on the right; 0 releases. */
  reserve(width: number): void {
    if (width === this.width) return;
    this.width = width;
    const root = document.documentElement;
    if (width === 0) {
      root.removeAttribute(DOCK_ATTRIBUTE);
      this.style.remove();
    } else {
      this.style.textContent = `html[${DOCK_ATTRIBUTE}] > body { margin-right: ${width}px !important; width: auto !important; }`;
      if (!this.style.isConnected) (document.head ?? root).append(this.style);
      root.setAttribute(DOCK_ATTRIBUTE, '');
    }
    this.announcing = true;
    try {
      window.dispatchEvent(new Event('resize'));
    } finally {
      this.announcing = false;
    }
  }

  release(): void {
    this.reserve(0);
  }

  /** Whether the page's main reading area now ends left of the `width` px the sidebar takes. */
  fits(width: number): boolean {
    const main = readingArea();
    if (!main) return false;
    const rect = main.getBoundingClientRect();
    return rect.width > 0 && rect.right <= window.innerWidth - width + 1;
  }
}

/** What the user reads: the visible main view, else the largest frame (QQ Mail's mail frame), else the body. */
function readingArea(): Element | null {
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const main = [...document.querySelectorAll('[role="main"], main')].find(visible);
  if (main) return main;
  const frames = [...document.querySelectorAll('iframe:not([data-sidenote])')].filter(visible);
  const area = (el: Element) => el.getBoundingClientRect().width * el.getBoundingClientRect().height;
  const largest = frames.sort((a, b) => area(b) - area(a))[0];
  if (largest && area(largest) > (window.innerWidth * window.innerHeight) / 4) return largest;
  return document.body;
}

const INTERACTIVE =
  'a, button, input, select, textarea, img, video, canvas, svg, iframe, [role="button"], [role="link"], [contenteditable="true"]';

/**
 * A height along the right edge where a `width`×HANDLE_HEIGHT handle covers no text and nothing
 * one could click, for pages that cannot make room (the host's own elements are probed, the
 * sidebar's are skipped). Falls back to the lower right when every spot covers something.
 */
export function freeHandleTop(width: number, skip: Element): number {
  const height = window.innerHeight;
  const step = 40;
  const tops: number[] = [];
  // From the lower middle outwards: clear of headers and of the first rows of lists.
  for (let top = Math.round(height * 0.55); top + HANDLE_HEIGHT < height; top += step) tops.push(top);
  for (let top = Math.round(height * 0.55) - step; top > 64; top -= step) tops.push(top);
  const left = window.innerWidth - width;
  for (const top of tops) if (coversNothing({ left, top, right: left + width, bottom: top + HANDLE_HEIGHT }, skip)) return top;
  return Math.max(0, height - HANDLE_HEIGHT - 16);
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function coversNothing(box: Box, skip: Element): boolean {
  const points: [number, number][] = [
    [box.left + 2, box.top + 2],
    [box.right - 2, box.top + 2],
    [(box.left + box.right) / 2, (box.top + box.bottom) / 2],
    [box.left + 2, box.bottom - 2],
    [box.right - 2, box.bottom - 2],
  ];
  const range = document.createRange();
  for (const [x, y] of points) {
    const el = document.elementsFromPoint(x, y).find((e) => e !== skip && !skip.contains(e));
    if (!el || el === document.documentElement || el === document.body) continue;
    if (el.closest(INTERACTIVE)) return false;
    // Text directly inside the element under the point, where its lines actually run.
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent?.trim()) continue;
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (overlaps(r, box)) return false;
    }
  }
  return true;
}
