import { keepPopupSnapshot, type PopupSnapshot, type SessionArea } from '@/client/popup-snapshot';

/** Whose first screen a render shows, when it is one worth keeping for the next opening. */
export interface KeptScreen {
  memberId: string;
  teamId: string;
}

/** Later renders are kept this long after the last one (the first at once: a popup may close soon). */
const KEEP_AFTER_MS = 200;

/** The kept screen's element, before the popup's own (#app). */
const KEPT_CLASS = 'popup-snapshot';

/**
 * Shows the screen kept from the last opening (client/popup-snapshot.ts) before `app`, which is
 * hidden meanwhile, unless the live popup has already rendered there. The kept screen is inert
 * (nothing in it can be clicked, focused or read out as current) and carries no `data-testid`s:
 * it is a picture of the last state, not the popup. It runs in the popup's first, classic script,
 * apart from the popup's modules: the DOM is all the two share.
 */
export function showKeptScreen(app: HTMLElement, snapshot: PopupSnapshot): void {
  if (app.dataset.live !== undefined || app.parentElement?.querySelector(`:scope > .${KEPT_CLASS}`)) return;
  const holder = document.createElement('div');
  holder.className = KEPT_CLASS;
  holder.setAttribute('inert', '');
  holder.setAttribute('aria-busy', 'true');
  // Parsed as an inert document (no script runs, no resource loads) and moved in.
  holder.append(...new DOMParser().parseFromString(snapshot.html, 'text/html').body.childNodes);
  document.documentElement.lang = snapshot.lang;
  app.before(holder);
  app.hidden = true;
}

/** In the live popup: the kept screen goes when a view renders, and its first screen is kept in turn. */
export class PopupScreenKeeper {
  private keptOnce = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly app: HTMLElement,
    private readonly area: SessionArea,
  ) {}

  /**
   * The popup rendered a view (call it before the browser paints): the kept screen goes. `keep`
   * says whose first screen `root` shows, or null when it is not one to keep (another tab, a
   * search, signed out); a keep still waiting is then dropped.
   */
  rendered(root: HTMLElement | null, keep: KeptScreen | null): void {
    this.app.dataset.live = '';
    for (const kept of this.app.parentElement?.querySelectorAll(`:scope > .${KEPT_CLASS}`) ?? []) kept.remove();
    this.app.hidden = false;
    clearTimeout(this.timer);
    if (!root || !keep) return;
    this.timer = setTimeout(
      () => {
        this.keptOnce = true;
        keepPopupSnapshot(this.area, { ...keep, html: screenMarkup(root), lang: document.documentElement.lang }, new Date()).catch(
          (error: unknown) => console.warn('Sidenote: the popup’s screen was not kept for its next opening', error),
        );
      },
      this.keptOnce ? KEEP_AFTER_MS : 0,
    );
  }
}

/** The markup of a rendered screen as a kept copy: its test ids moved aside (tests find the live popup only). */
export function screenMarkup(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  for (const el of [copy, ...copy.querySelectorAll<HTMLElement>('[data-testid]')]) {
    const id = el.dataset.testid;
    if (id === undefined) continue;
    el.dataset.snapshotTestid = id;
    delete el.dataset.testid;
  }
  return copy.outerHTML;
}
