import { z } from './z';

/**
 * A note's text as the sidebar shows it: the small markdown subset (paragraphs, lists, bold,
 * italic, links, line breaks) or a pasted conversation, as data. The background builds it
 * (model/markdown.ts, model/chat.ts) and the sidebar renders it to elements, never to HTML.
 * Everything outside the subset is already plain text here.
 */
export type NoteInline =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'strong' | 'em'; c: NoteInline[] }
  /** `href` has passed `safeHref`; the renderer checks it again. */
  | { t: 'link'; href: string; c: NoteInline[] };

export type NoteBlock = { t: 'p'; c: NoteInline[] } | { t: 'ul'; items: NoteBlock[][] } | { t: 'ol'; start: number; items: NoteBlock[][] };

export const NoteInline: z.ZodMiniType<NoteInline> = z.lazy(() =>
  z.union([
    z.object({ t: z.literal('text'), v: z.string() }),
    z.object({ t: z.literal('br') }),
    z.object({ t: z.enum(['strong', 'em']), c: z.array(NoteInline) }),
    z.object({ t: z.literal('link'), href: z.string(), c: z.array(NoteInline) }),
  ]),
);

export const NoteBlock: z.ZodMiniType<NoteBlock> = z.lazy(() =>
  z.union([
    z.object({ t: z.literal('p'), c: z.array(NoteInline) }),
    z.object({ t: z.literal('ul'), items: z.array(z.array(NoteBlock)) }),
    z.object({ t: z.literal('ol'), start: z.number().check(z.int()), items: z.array(z.array(NoteBlock)) }),
  ]),
);

/** One message of a pasted conversation, or a stretch of the paste that is not one (kept as written). */
export const ChatEntry = z.union([
  z.object({
    t: z.literal('msg'),
    speaker: z.string(),
    /** As the paste wrote them ("2026/11/30", "昨天"; "14:05"), or null where it had none. */
    date: z.nullable(z.string()),
    time: z.nullable(z.string()),
    text: z.string(),
  }),
  z.object({ t: z.literal('text'), text: z.string() }),
]);
export type ChatEntry = z.infer<typeof ChatEntry>;

export const NoteDoc = z.union([
  z.object({ t: z.literal('md'), blocks: z.array(NoteBlock) }),
  z.object({ t: z.literal('chat'), entries: z.array(ChatEntry) }),
  /** A chat note in which no message was recognised: its text as written. */
  z.object({ t: z.literal('plain'), text: z.string() }),
]);
export type NoteDoc = z.infer<typeof NoteDoc>;

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The link to put in an `href`, or null when the text is not an absolute http(s) or mailto URL.
 * The URL parser decides, as the browser will (it drops leading spaces and control characters
 * and lower-cases the scheme, so `JAVASCRIPT:`, ` javascript:` and `java\tscript:` are all
 * caught), and its normalised form is what the element gets.
 */
export function safeHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}
