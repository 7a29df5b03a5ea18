import { useMemo, useReducer } from 'preact/hooks';

/** A follow-up being written: whether its form is open, and what is in it. */
export interface TaskDraft {
  open: boolean;
  title: string;
  /** `datetime-local` text; empty for the default (tomorrow). */
  due: string;
  assigneeId: string;
  /** The note it is made from, if any. */
  noteId: string | null;
}

/** Everything typed and not yet saved about one customer. */
export interface Drafts {
  note: string;
  task: TaskDraft | null;
  /** The name typed for a new customer when linking a page by hand. */
  linkName: string | null;
}

const EMPTY: Drafts = { note: '', task: null, linkName: null };

/**
 * What the user typed but did not save, kept per customer. The sidebar frame outlives the host
 * page's in-app navigation, so a draft must follow its customer, not the page: text typed about
 * one customer is never saved on the next one shown, and is back when the user returns.
 */
export class DraftStore {
  private readonly drafts = new Map<string, Drafts>();

  constructor(private readonly changed: () => void) {}

  get(key: string): Drafts {
    return this.drafts.get(key) ?? EMPTY;
  }

  update(key: string, patch: Partial<Drafts> | ((current: Drafts) => Partial<Drafts>)): void {
    const current = this.get(key);
    const next = { ...current, ...(typeof patch === 'function' ? patch(current) : patch) };
    if (!next.note && !next.task && next.linkName === null) this.drafts.delete(key);
    else this.drafts.set(key, next);
    this.changed();
  }

  /**
   * A new customer got its id (its first note saved it): what was typed for it moves along.
   * Called while rendering, which then reads the moved draft: so it does not ask for a render.
   */
  adopt(from: string, to: string): void {
    const draft = this.drafts.get(from);
    if (!draft || this.drafts.has(to)) return;
    this.drafts.delete(from);
    this.drafts.set(to, draft);
  }
}

/** One DraftStore for the sidebar's lifetime; the component re-renders when a draft changes. */
export function useDraftStore(): DraftStore {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  return useMemo(() => new DraftStore(() => rerender(undefined)), []);
}

/**
 * What is left of a draft once `saved` was saved from it: text typed after pressing save (while
 * the save was under way) stays; only the saved text goes.
 */
export function remainderAfterSave(current: string, saved: string): string {
  const text = current.trimStart();
  if (text.trimEnd() === saved) return '';
  // Typed on after the saved text: keep what was added. Changed it otherwise: keep it all.
  return text.startsWith(saved) ? text.slice(saved.length).trimStart() : current;
}
