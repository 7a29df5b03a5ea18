/** DOM helpers shared by the site adapters. Reading only. */

/** True unless the element or an ancestor is hidden (`hidden`, `display:none`, `visibility:hidden`). */
export function isShown(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  for (let node: Element | null = el; node; node = node.parentElement) {
    // No `instanceof HTMLElement`: an element of a frame's document belongs to another realm.
    if ((node as HTMLElement).hidden === true) return false;
    const style = view?.getComputedStyle(node);
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return false;
  }
  return true;
}

/** The first element matching `selector` that is shown. */
export function firstShown(root: ParentNode, selector: string): Element | null {
  for (const el of root.querySelectorAll(selector)) if (isShown(el)) return el;
  return null;
}

/** The first element matching any of `selectors` that is shown, trying them in order. */
export function firstShownOf(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const el = firstShown(root, selector);
    if (el) return el;
  }
  return null;
}

/** The elements under `root` matching `selector` that no other match under `root` contains: a row that nests a row is one row. */
export function outermost(root: ParentNode, selector: string): Element[] {
  return [...root.querySelectorAll(selector)].filter((el) => {
    const outer = el.parentElement?.closest(selector);
    return !outer || !root.contains(outer);
  });
}

/** Collapsed text of an element, or ''. */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
