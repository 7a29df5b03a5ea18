import { z } from 'zod';
import { PageContext } from '@/model/context';
import { MAX_NOTE_LENGTH, NoteKind, NoteSource } from '@/model/schemas';
import { Refusal } from '@/model/sync';
import { PublicSession } from './session';
import { SyncState } from './sync/engine';

/**
 * The one declaration of what the extension's pages (sidebar, popup, options) may ask the
 * background, over a `runtime.connect` Port. Each entry: argument and result schemas; the
 * background parses every argument, the pages parse every result.
 */

export const ViewId = z.string().min(8).max(64);

export const JoinForm = z.object({
  serverUrl: z
    .string()
    .trim()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://'),
  inviteCode: z.string().trim().min(4).max(100),
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().toLowerCase().email().max(320),
});
export type JoinForm = z.infer<typeof JoinForm>;

export const NoteView = z.object({
  id: z.string(),
  kind: NoteKind,
  body: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.number(),
  source: NoteSource.nullable(),
  /** Written here, not yet confirmed by the server. */
  pending: z.boolean(),
});
export type NoteView = z.infer<typeof NoteView>;

export const CandidateView = z.object({
  key: z.string(),
  name: z.string(),
  /** The existing customer this candidate resolves to, if any. */
  customerId: z.string().nullable(),
  people: z.array(z.object({ email: z.string(), name: z.string() })),
});
export type CandidateView = z.infer<typeof CandidateView>;

export const CustomerView = z.object({
  id: z.string(),
  name: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  stage: z.string(),
});
export type CustomerView = z.infer<typeof CustomerView>;

export const SyncView = SyncState.extend({ pending: z.number().int().nonnegative() });
export type SyncView = z.infer<typeof SyncView>;

export const SidebarView = z.object({
  session: PublicSession.nullable(),
  context: PageContext.pick({ site: true, url: true, title: true, layout: true }).nullable(),
  candidates: z.array(CandidateView),
  /** The candidate shown: the one asked for, else the first that is already a customer, else the first. */
  selected: CandidateView.nullable(),
  customer: CustomerView.nullable(),
  notes: z.array(NoteView),
  sync: SyncView,
  refusals: z.array(Refusal),
});
export type SidebarView = z.infer<typeof SidebarView>;

const Empty = z.object({}).strict();

export const requests = {
  /** Joins a team with an invite code; the device token is kept in extension storage only. */
  join: { args: JoinForm, result: PublicSession },
  /** Signs this device out and forgets the team's data on it. */
  leave: { args: Empty, result: z.null() },
  /** Writes a note on the candidate's customer, creating the customer on its first note. */
  addNote: {
    args: z.object({
      viewId: ViewId,
      /** Made by the page, so that sending the request again never writes the note twice. */
      noteId: z.string().uuid(),
      candidateKey: z.string().min(1).max(400),
      body: z.string().trim().min(1).max(MAX_NOTE_LENGTH),
      kind: NoteKind.default('note'),
    }),
    result: z.object({ noteId: z.string() }),
  },
  /** Pushes and pulls now. */
  syncNow: { args: Empty, result: z.null() },
  /** Hides a refusal the user has read. */
  dismissRefusal: { args: z.object({ mutationID: z.number().int().positive() }), result: z.null() },
} as const;

export const subscriptions = {
  /** Who this device is signed in as (null when it has not joined). */
  session: { args: Empty, result: PublicSession.nullable() },
  /** Everything the sidebar of one host page shows, pushed again whenever it changes. */
  sidebar: {
    args: z.object({ viewId: ViewId, candidateKey: z.string().max(400).nullable().default(null) }),
    result: SidebarView,
  },
} as const;

export type Requests = typeof requests;
export type Subscriptions = typeof subscriptions;
export type RequestName = keyof Requests;
export type SubscriptionName = keyof Subscriptions;
export type ArgsOf<T extends { args: z.ZodType }> = z.input<T['args']>;
export type ResultOf<T extends { result: z.ZodType }> = z.infer<T['result']>;

/** What a content script tells the background over its `page` Port. */
export const PageMessage = z.discriminatedUnion('type', [
  /** The customer context of the page changed (or is first known). */
  z.object({ type: z.literal('context'), viewId: ViewId, context: PageContext }),
]);
export type PageMessage = z.infer<typeof PageMessage>;

export { API_PORT, PAGE_PORT } from './ports';
