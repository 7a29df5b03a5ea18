import type { MemberView } from '@/client/api';

/** The longest text typed after `@` that is still read as a name being looked for. */
const MAX_QUERY = 30;
/** Suggestions shown at once. */
export const MAX_SUGGESTIONS = 6;

/**
 * The `@name` being typed just before the caret: where its `@` is and what follows it, or null
 * when the caret is not in one (an `@` must start the text or follow a space or punctuation, so
 * an email address is not taken for a mention).
 */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\n@]/.test(query) || /^\s/.test(query)) return null;
  const prev = at === 0 ? '' : before[at - 1]!;
  if (prev && !/[\s(（,，、:：;；]/.test(prev)) return null;
  return { start: at, query };
}

/** Teammates whose name (any word of it) or email starts with the query, me and inactive ones left out. */
export function suggestions(members: readonly MemberView[], query: string, meId: string): MemberView[] {
  const q = query.trim().toLowerCase();
  const fits = (m: MemberView) =>
    !q ||
    m.name.toLowerCase().startsWith(q) ||
    m.name
      .toLowerCase()
      .split(/\s+/)
      .some((word) => word.startsWith(q)) ||
    m.email.toLowerCase().startsWith(q);
  return members.filter((m) => m.active && m.id !== meId && fits(m)).slice(0, MAX_SUGGESTIONS);
}

/** The text with the `@query` at `start`…`caret` replaced by `@Name `, and where the caret goes. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

/** The teammates a note mentions: each whose `@Name` is in its text (not me). */
export function mentionedIds(body: string, members: readonly MemberView[], meId: string): string[] {
  return members.filter((m) => m.active && m.id !== meId && body.includes(`@${m.name}`)).map((m) => m.id);
}
