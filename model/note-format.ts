import { parseChat } from './chat';
import { parseMarkdown } from './markdown';
import type { NoteDoc } from './note-doc';
import type { NoteKind } from './schemas';

/** Views are rebuilt on every change; a note's text is parsed once while it stays among the recent ones. */
const CACHE_SIZE = 2000;
const cache = new Map<string, NoteDoc>();

/** How a note of this kind reads: a chat note as a conversation (when one is recognised), any other in the markdown subset. */
export function formatNote(kind: NoteKind, body: string): NoteDoc {
  const key = `${kind === 'chat' ? 'c' : 'm'}\u0000${body}`;
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last, so the oldest entry is the first to go.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const doc = build(kind, body);
  cache.set(key, doc);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return doc;
}

function build(kind: NoteKind, body: string): NoteDoc {
  if (kind !== 'chat') return { t: 'md', blocks: parseMarkdown(body) };
  const entries = parseChat(body);
  return entries ? { t: 'chat', entries } : { t: 'plain', text: body };
}
