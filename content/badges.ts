import type { BadgesMessage } from '@/client/api';
import type { BadgeAnchor } from '@/sites/types';
import { pageText } from './page-text';
import { initials } from '@/components/initials';

type Badge = BadgesMessage['badges'][number];

const TAG = 'sidenote-badge';
const COLORS = ['#1a56db', '#047857', '#b45309', '#7c3aed', '#be185d', '#0e7490', '#4d7c0f', '#b91c1c', '#4338ca', '#a16207'];
const STYLE = `
:host { display: inline-block; vertical-align: middle; margin: 0 4px; line-height: 0; }
span { display: inline-flex; align-items: center; justify-content: center; width: 18px; height: 18px; border-radius: 50%;
  font: 600 9px/1 system-ui, sans-serif; color: #fff; letter-spacing: 0; user-select: none; }
span.none { background: transparent; color: #6b7280; border: 1px dashed #9ca3af; box-sizing: border-box; }
`;

const keyOf = (identity: { kind: string; value: string }) => `${identity.kind}:${identity.value.toLowerCase()}`;

/** A stable colour per owner: the same person looks the same on every row and every site. */
function colorOf(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length]!;
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

/**
 * Owner badges beside list rows. Each badge is a `<sidenote-badge>` right after its anchor with
 * `data-sidenote-owner` and `data-email`, its look in a shadow root so the host's CSS cannot
 * touch it. Rendering is idempotent: a re-rendered row keeps one badge, badges whose anchor
 * left the page are removed, and unchanged badges are not touched.
 */
export class BadgeRenderer {
  private owners = new Map<string, Badge>();
  private placed = new Map<Element, Element>(); // badge → its anchor

  setBadges(badges: Badge[]): void {
    this.owners = new Map(badges.map((b) => [keyOf(b), b]));
  }

  render(anchors: BadgeAnchor[]): void {
    const live = new Set<Element>();
    for (const { element, identity } of anchors) {
      const badge = this.owners.get(keyOf(identity));
      let node = element.nextElementSibling;
      if (node?.tagName.toLowerCase() !== TAG) node = null;
      if (!badge) {
        if (node) this.remove(node);
        continue;
      }
      node ??= this.create(element);
      this.placed.set(node, element);
      live.add(node);
      this.update(node, badge, identity);
    }
    for (const [node, anchor] of this.placed) {
      if (!live.has(node) || !anchor.isConnected) this.remove(node);
    }
  }

  private create(anchor: Element): Element {
    const node = anchor.ownerDocument.createElement(TAG);
    const root = node.attachShadow({ mode: 'open' });
    const style = anchor.ownerDocument.createElement('style');
    style.textContent = STYLE;
    root.append(style, anchor.ownerDocument.createElement('span'));
    anchor.after(node);
    return node;
  }

  private update(node: Element, badge: Badge, identity: BadgeAnchor['identity']): void {
    const owner = badge.ownerName ?? '';
    const state = `${owner}|${badge.ownerId}|${badge.customerName}`;
    if (node.getAttribute('data-state') === state) return;
    node.setAttribute('data-state', state);
    node.setAttribute('data-sidenote-owner', owner);
    node.setAttribute('data-email', identity.kind === 'email' ? identity.value : '');
    node.setAttribute('data-identity', `${identity.kind}:${identity.value}`);
    const title = owner ? `${pageText('pageOwner', owner)} · ${badge.customerName}` : `${pageText('pageNoOwner')} · ${badge.customerName}`;
    node.setAttribute('title', title);
    const span = node.shadowRoot!.querySelector('span')!;
    span.className = owner ? '' : 'none';
    span.style.background = owner ? colorOf(badge.ownerId ?? owner) : '';
    span.textContent = owner ? initials(owner) : '?';
    span.setAttribute('aria-label', title);
  }

  private remove(node: Element): void {
    node.remove();
    this.placed.delete(node);
  }
}
