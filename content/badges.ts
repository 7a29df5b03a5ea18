import type { BadgesMessage } from '@/client/api';
import type { BadgeAnchor } from '@/sites/types';
import { pageText } from './page-text';
import { initials } from '@/components/initials';

type Badge = BadgesMessage['badges'][number];

export const BADGE_TAG = 'sidenote-badge';
const COLORS = ['#1a56db', '#047857', '#b45309', '#7c3aed', '#be185d', '#0e7490', '#4d7c0f', '#b91c1c', '#4338ca', '#a16207'];
/** The circle's class for a customer nobody owns; an owner's colour is `c` and its index in COLORS, the initials image `i` and its rule's index. */
const NO_OWNER = 'n';

/**
 * The look of every badge. The host has no box of its own (`display: contents`) and `all:
 * initial` drops what the row would hand down (font, colour, line height); `!important` there
 * beats any rule of the page, even the page's own `!important` ones (CSS Cascade 4 §6.1: for
 * important declarations the inner context wins), so the page's CSS cannot change a badge. The
 * badge is the circle inside the shadow root, a fixed 18 px box that the page's CSS cannot reach:
 * an owner change gives it another class, and restyling it matches only these few rules, where
 * restyling the host re-applied all of `all: initial` and every page rule that could match it.
 *
 * The initials are an image (one per text, drawn once on a canvas, a class of the shared sheet),
 * not text: a redraw then lays out nothing (10.4 ms CPU a redraw with a text node per badge,
 * 7.5 ms with images, in `npm run bench -- badges`; bench/README.md has the later steps). A page
 * whose CSP refuses data: images shows the coloured circle without initials (the name stays in
 * the title). Where no canvas or no shared sheet is to be had, the initials are a text node in the
 * circle, and CONTAIN makes the circle a layout boundary so that new initials lay out the badge
 * only. Not always contained: layout containment makes each badge a stacking context, which the
 * frame's Paint pays for on every redraw; nor `contain: strict`, whose per-badge clips cost Paint,
 * Layerize and Commit more again.
 */
const STYLE =
  `:host{all:initial!important;display:contents!important}` +
  `span{display:inline-block;box-sizing:border-box;width:18px;height:18px;margin:0 4px;vertical-align:middle;border-radius:50%;` +
  `background:center/18px 18px no-repeat;font:600 9px/18px system-ui,sans-serif;text-align:center;color:#fff;letter-spacing:0;` +
  `white-space:nowrap;user-select:none;-webkit-user-select:none}` +
  `.${NO_OWNER}{background-color:transparent;color:#6b7280;border:1px dashed #9ca3af;line-height:16px}` +
  COLORS.map((color, i) => `.c${i}{background-color:${color}}`).join('');
/** Where initials are text: new ones lay out the circle, not the row. */
const CONTAIN = 'span{contain:size layout}';

const keyOf = (identity: { kind: string; value: string }) => `${identity.kind}:${identity.value.toLowerCase()}`;

/** A stable colour per owner (its index in COLORS): the same person looks the same on every row and every site. */
function colorOf(id: string): number {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % COLORS.length;
}

/** Checks the background's message by hand (no zod in content scripts): anything else is ignored. */
export function parseBadges(raw: unknown): BadgesMessage | null {
  const m = raw as BadgesMessage;
  if (!m || m.type !== 'badges' || typeof m.viewId !== 'string' || !Array.isArray(m.badges)) return null;
  const ok = m.badges.every(
    (b) =>
      b &&
      typeof b.kind === 'string' &&
      typeof b.value === 'string' &&
      typeof b.customerName === 'string' &&
      (b.ownerName === null || typeof b.ownerName === 'string') &&
      (b.ownerId === null || typeof b.ownerId === 'string'),
  );
  return ok ? m : null;
}

/** A badge as it is drawn: its anchor, its circle and that circle's text node, its document's shared sheet (null: initials as text), and what it shows (so that only changes are written). */
interface Drawn {
  anchor: Element;
  circle: HTMLElement;
  text: Text;
  sheet: CSSStyleSheet | null;
  identity: string;
  /** null until first written: a badge of a customer nobody owns still carries `data-sidenote-owner=""`. */
  owner: string | null;
  title: string;
  classes: string;
}

/** How an owner is shown (or nobody, for a customer without one): the tooltip's start, the initials and the colour's class. */
interface OwnerLook {
  label: string;
  text: string;
  color: string;
}

/** `text` drawn centred on an 18 px square (at the screen's resolution, at least 2×), as a PNG data URL; null without a 2D canvas. */
function drawText(doc: Document, text: string, ink: string): string | null {
  try {
    const scale = Math.max(2, Math.ceil(devicePixelRatio));
    const canvas = doc.createElement('canvas');
    canvas.width = canvas.height = 18 * scale;
    // No 2D context (null): the call below throws, and the badge keeps its text.
    const g = canvas.getContext('2d')!;
    g.scale(scale, scale);
    g.font = '600 9px system-ui,sans-serif';
    g.fillStyle = ink;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(text, 9, 9.5, 16);
    return canvas.toDataURL();
  } catch {
    return null;
  }
}

/**
 * Owner badges beside list rows. Each badge is a `<sidenote-badge>` right after its anchor with
 * `data-sidenote-owner` and `data-email`, its look in a shadow root (one style sheet shared by
 * every badge of the document) so the host's CSS cannot touch it. Rendering is idempotent: a
 * re-rendered row keeps one badge, badges whose anchor left the page are removed, and a badge
 * whose owner changed gets only its changed attributes written and its circle's class (colour and
 * initials image; a text node's data where there is no shared sheet): no element is replaced,
 * nothing is read back from layout, no attribute a selector looks at changes on the host, and
 * the page's own elements are never touched beyond inserting the badge.
 */
export class BadgeRenderer {
  private owners = new Map<string, Badge>();
  private drawn = new Map<Element, Drawn>();
  /** Per document: the shared style sheet, or null where constructed sheets cannot be adopted (older Firefox content scripts). */
  private sheets = new WeakMap<Document, CSSStyleSheet | null>();
  /** How each owner is shown, worked out once: a re-render of 100 rows has a handful of owners. */
  private looks = new Map<string, OwnerLook>();
  /** Per shared sheet: the class of each initials image (by colour kind and text), '' where none could be drawn. */
  private images = new WeakMap<CSSStyleSheet, Map<string, string>>();

  setBadges(badges: Badge[]): void {
    this.owners = new Map(badges.map((b) => [keyOf(b), b]));
  }

  render(anchors: BadgeAnchor[]): void {
    const live = new Set<Element>();
    for (const { element, identity } of anchors) {
      const badge = this.owners.get(keyOf(identity));
      let node = element.nextElementSibling;
      if (node?.localName !== BADGE_TAG) node = null;
      if (!badge) {
        if (node) this.remove(node);
        continue;
      }
      let drawn = node && this.drawn.get(node);
      if (!node || !drawn) {
        // Not one of ours (a copy the page made of a row, or a badge of an earlier run): replaced.
        node?.remove();
        [node, drawn] = this.create(element);
      }
      drawn.anchor = element;
      live.add(node);
      this.update(node, drawn, badge, identity);
    }
    for (const [node, { anchor }] of this.drawn) {
      if (!live.has(node) || !anchor.isConnected) this.remove(node);
    }
  }

  private lookOf(badge: Badge): OwnerLook {
    const owner = badge.ownerName ?? '';
    const key = `${owner}\n${badge.ownerId ?? ''}`;
    let look = this.looks.get(key);
    if (!look) {
      look = owner
        ? { label: pageText('pageOwner', owner), text: initials(owner), color: `c${colorOf(badge.ownerId ?? owner)}` }
        : { label: pageText('pageNoOwner'), text: '?', color: NO_OWNER };
      this.looks.set(key, look);
    }
    return look;
  }

  private create(anchor: Element): [Element, Drawn] {
    const doc = anchor.ownerDocument;
    const node = doc.createElement(BADGE_TAG);
    const root = node.attachShadow({ mode: 'open' });
    const sheet = this.sheetFor(doc);
    if (sheet) root.adoptedStyleSheets = [sheet];
    else root.append(Object.assign(doc.createElement('style'), { textContent: STYLE + CONTAIN }));
    const circle = doc.createElement('span');
    // An image named by its title: screen readers say "Owner: Chen Jing · Northwind Traders", not "CJ".
    circle.setAttribute('role', 'img');
    const text = doc.createTextNode('');
    circle.append(text);
    root.append(circle);
    anchor.after(node);
    const drawn: Drawn = { anchor, circle, text, sheet, identity: '', owner: null, title: '', classes: '' };
    this.drawn.set(node, drawn);
    return [node, drawn];
  }

  private sheetFor(doc: Document): CSSStyleSheet | null {
    if (this.sheets.has(doc)) return this.sheets.get(doc)!;
    let sheet: CSSStyleSheet | null = null;
    try {
      // The sheet must belong to the badges' document (a same-origin frame has its own).
      const Sheet = (doc.defaultView as (Window & typeof globalThis) | null)?.CSSStyleSheet;
      if (Sheet) {
        sheet = new Sheet();
        sheet.replaceSync(STYLE);
        // Firefox before 153 refuses a content script's sheet here (bug 1751346): a <style> per badge then.
        const probe = doc.createElement('div').attachShadow({ mode: 'open' });
        probe.adoptedStyleSheets = [sheet];
        if (probe.adoptedStyleSheets.length !== 1) sheet = null;
      }
    } catch {
      sheet = null;
    }
    this.sheets.set(doc, sheet);
    return sheet;
  }

  /** The class of the image of `text` in `sheet` (its rule added the first time), or '' where it cannot be drawn. */
  private imageOf(sheet: CSSStyleSheet, doc: Document, text: string, none: boolean): string {
    const known = this.images.get(sheet) ?? new Map<string, string>();
    this.images.set(sheet, known);
    const key = `${none}${text}`;
    let image = known.get(key);
    if (image === undefined) {
      // White on the owner's colour; grey on a customer nobody owns, as the text would be.
      const url = drawText(doc, text, none ? '#6b7280' : '#fff');
      image = url ? `i${known.size}` : '';
      if (url) sheet.insertRule(`.${image}{background-image:url("${url}")}`, sheet.cssRules.length);
      // The first initials of this document drawn as text: its circles are contained from now on.
      else if (![...known.values()].includes('')) sheet.insertRule(CONTAIN, sheet.cssRules.length);
      known.set(key, image);
    }
    return image;
  }

  /**
   * Writes what changed only. Nothing a selector looks at changes on the host: the tooltip is the
   * circle's, since a `title` on the host would restyle it (the browser's own sheet has `abbr[title]`).
   */
  private update(node: Element, drawn: Drawn, badge: Badge, identity: BadgeAnchor['identity']): void {
    const look = this.lookOf(badge);
    const owner = badge.ownerName ?? '';
    if (drawn.owner !== owner) node.setAttribute('data-sidenote-owner', (drawn.owner = owner));
    const id = `${identity.kind}:${identity.value}`;
    if (drawn.identity !== id) {
      node.setAttribute('data-email', identity.kind === 'email' ? identity.value : '');
      node.setAttribute('data-identity', (drawn.identity = id));
    }
    const title = `${look.label} · ${badge.customerName}`;
    if (drawn.title !== title) drawn.circle.title = drawn.title = title;
    const image = drawn.sheet ? this.imageOf(drawn.sheet, node.ownerDocument, look.text, look.color === NO_OWNER) : '';
    const classes = image ? `${look.color} ${image}` : look.color;
    if (drawn.classes !== classes) drawn.circle.className = drawn.classes = classes;
    // Without an image the text node shows the initials.
    const text = image ? '' : look.text;
    if (drawn.text.data !== text) drawn.text.data = text;
  }

  private remove(node: Element): void {
    node.remove();
    this.drawn.delete(node);
  }
}
