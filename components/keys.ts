/** Whether this is a Mac, where the save shortcut is ⌘+Enter rather than Ctrl+Enter. */
const isMac = () => /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

/** Ctrl+Enter (⌘+Enter on a Mac): saves the form it is pressed in. */
export function isSaveShortcut(e: KeyboardEvent): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}

/** The save shortcut's modifier as the user's keyboard labels it. */
export function saveKeyName(): string {
  return isMac() ? '⌘' : 'Ctrl';
}

/**
 * Esc closes what it is pressed in (a form, an editor) and nothing more: the event is marked
 * handled so the sidebar does not also take it as "hide the sidebar".
 */
export function onEscape(close: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    close();
  };
}

/**
 * A ref that focuses its element once, when it appears (a confirm button, an inline editor):
 * one function for every use, so Preact calls it on mount only, not on every render.
 */
export function focusOnMount(el: HTMLElement | null): void {
  el?.focus();
}
