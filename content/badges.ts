import type { BadgesMessage } from '@/client/api';
import type { BadgeAnchor } from '@/sites/types';
import { pageText } from './page-text';
import { initials } from '@/components/initials';

type Badge = BadgesMessage['badges'][number];

export const BADGE_TAG = 'sidenote-badge';
const COLORS = ['#1a56db', '#047857', '#b45309', '#7c3aed', '#be185d', '#0e7490', '#4d7c0f', '#b91c1c', '#4338ca', '#a16207'];
/** The badge's colour attribute: an index into COLORS, or `none` for a customer nobody owns. */
const COLOR = 'data-sidenote-color';
/** The badge's initials attribute, where they are drawn as an image: the index of that image's rule in the shared sheet. */
const TEXT = 'data-sidenote-text';

/**
 * The look of every badge, on its host element from inside its shadow root. `!important` there
 * beats any rule of the page, even the page's own `!important` ones (CSS Cascade 4 §6.1: for
 * important declarations the inner context wins), and `all: initial` drops what the row would
 * hand down (font, colour, line height), so the page's CSS cannot change a badge.
 *
 * The badge is a fixed 18 px box with `contain: size layout`. Its initials are an image (one
 * per text, drawn once on a canvas, `:host([data-sidenote-text=…])` in the shared sheet), not
 * text: a redraw then writes attributes only, and the frame restyles and repaints 100 boxes but
 * lays out nothing (`npm run bench -- badges`, same machine and load: 10.4 ms CPU a redraw with
 * a text node per badge, 7.5 ms with images; 2 ms of layout gone and most of pre-paint and
 * commit with it, while painting images costs about 1 ms more than text). A page whose CSP
 * refuses data: images shows the coloured circle without initials (the name stays in title and
 * aria-label). Where no canvas or no shared sheet is to be had, the initials are a text node in
 * the shadow root, laid out inside the badge only. Not `contain: strict`: paint containment gave
 * each of 100 badges its own clip, and Paint, Layerize and Commit then cost more than it saved.
 */
const STYLE =
  `:host{all:initial!important;display:inline-block!important;box-sizing:border-box!important;width:18px!important;height:18px!important;` +
  `margin:0 4px!important;vertical-align:middle!important;contain:size layout!important;border-radius:50%!important;` +
  `background:center/18px 18px no-repeat!important;font:600 9px/18px system-ui,sans-serif!important;text-align:center!important;color:#fff!important;letter-spacing:0!important;` +
  `white-space:nowrap!important;user-select:none!important;-webkit-user-select:none!important}` +
  `:host([${COLOR}=none]){background-color:transparent!important;color:#6b7280!important;border:1px dashed #9ca3af!important;line-height:16px!important}` +
  COLORS.map((color, i) => `:host([${COLOR}="${i}"]){background-color:${color}!important}`).join('');

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

/** A badge as it is drawn: its anchor, its text node, its document's shared sheet (null: initials as text), and what it shows (attribute values, so that only changes are written). */
interface Drawn {
  anchor: Element;
  text: Text;
  sheet: CSSStyleSheet | null;
  shown: Record<string, string>;
}

/** The attributes a badge shows for an owner (of one customer, beside one identity), and its initials. */
interface Look {
  attributes: Record<string, string>;
  text: string;
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
 * whose owner changed gets only its changed attributes written (its initials are an image the
 * shared sheet picks by attribute; a text node's data where there is no such sheet): no element
 * is replaced, nothing is read back from layout, and the page's own elements are never touched
 * beyond inserting the badge.
 */
export class BadgeRenderer {
  private owners = new Map<string, Badge>();
  private drawn = new Map<Element, Drawn>();
  /** Per document: the shared style sheet, or null where constructed sheets cannot be adopted (older Firefox content scripts). */
  private sheets = new WeakMap<Document, CSSStyleSheet | null>();
  /** Labels and initials per owner, computed once: a re-render of 100 rows has a handful of owners. */
  private labels = new Map<string, { label: string; text: string; color: string }>();
  /** Per shared sheet: its rule's index for each initials image (by colour kind and text), null where none could be drawn. */
  private images = new WeakMap<CSSStyleSheet, Map<string, string | null>>();

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
      this.update(node, drawn, this.lookOf(badge, identity));
    }
    for (const [node, { anchor }] of this.drawn) {
      if (!live.has(node) || !anchor.isConnected) this.remove(node);
    }
  }

  private lookOf(badge: Badge, identity: BadgeAnchor['identity']): Look {
    const owner = badge.ownerName ?? '';
    const key = `${owner}\n${badge.ownerId ?? ''}`;
    let known = this.labels.get(key);
    if (!known) {
      known = owner
        ? { label: pageText('pageOwner', owner), text: initials(owner), color: String(colorOf(badge.ownerId ?? owner)) }
        : { label: pageText('pageNoOwner'), text: '?', color: 'none' };
      this.labels.set(key, known);
    }
    const title = `${known.label} · ${badge.customerName}`;
    return {
      attributes: {
        'data-sidenote-owner': owner,
        'data-email': identity.kind === 'email' ? identity.value : '',
        'data-identity': `${identity.kind}:${identity.value}`,
        [COLOR]: known.color,
        title,
        'aria-label': title,
      },
      text: known.text,
    };
  }

  private create(anchor: Element): [Element, Drawn] {
    const doc = anchor.ownerDocument;
    const node = doc.createElement(BADGE_TAG);
    // An image with a name: screen readers say "Owner: Chen Jing · Northwind Traders", not "CJ".
    node.setAttribute('role', 'img');
    const root = node.attachShadow({ mode: 'open' });
    const sheet = this.sheetFor(doc);
    if (sheet) root.adoptedStyleSheets = [sheet];
    else root.append(Object.assign(doc.createElement('style'), { textContent: STYLE }));
    const text = doc.createTextNode('');
    root.append(text);
    anchor.after(node);
    const drawn: Drawn = { anchor, text, sheet, shown: {} };
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

  /** The rule index of the image of `text` in `sheet` (the rule added the first time), or null where it cannot be drawn. */
  private imageOf(sheet: CSSStyleSheet, doc: Document, text: string, none: boolean): string | null {
    const known = this.images.get(sheet) ?? new Map<string, string | null>();
    this.images.set(sheet, known);
    const key = `${none}${text}`;
    if (!known.has(key)) {
      // White on the owner's colour; grey on a customer nobody owns, as the text would be.
      const url = drawText(doc, text, none ? '#6b7280' : '#fff');
      const index = url && String(sheet.cssRules.length);
      if (url) sheet.insertRule(`:host([${TEXT}="${index}"]){background-image:url("${url}")!important}`, +index!);
      known.set(key, index);
    }
    return known.get(key)!;
  }

  private update(node: Element, drawn: Drawn, look: Look): void {
    const image = drawn.sheet && this.imageOf(drawn.sheet, node.ownerDocument, look.text, look.attributes[COLOR] === 'none');
    // An empty TEXT matches no image rule: the text node shows the initials instead.
    for (const [name, value] of Object.entries({ ...look.attributes, [TEXT]: image ?? '' })) {
      if (drawn.shown[name] === value) continue;
      drawn.shown[name] = value;
      node.setAttribute(name, value);
    }
    const text = image ? '' : look.text;
    if (drawn.text.data !== text) drawn.text.data = text;
  }

  private remove(node: Element): void {
    node.remove();
    this.drawn.delete(node);
  }
}
