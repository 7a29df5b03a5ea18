/** DOM helpers shared by the site adapters. Reading only. */

/** True unless the element or an ancestor is hidden (`hidden`, `display:none`, `visibility:hidden`). */
export function isShown(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node instanceof HTMLElement && node.hidden) return false;
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

/** Collapsed text of an element, or ''. */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
