import type { Candidate, PageContext } from '@/model/context';
import type { Actor } from '@/model/mutators';
import type { NoteKind, NoteSource } from '@/model/schemas';
import type { SidenoteDB } from './db';
import { mutate, type PendingMutation } from './mutate';
import { customerForCandidate } from './resolve';

type CandidateRef = Pick<Candidate, 'name' | 'lookups' | 'identities'>;

/** Where a note or follow-up was made, kept with it (the reminder opens this page). */
export function sourceOf(context: Pick<PageContext, 'site' | 'url' | 'title'>): NoteSource {
  return { site: context.site, url: context.url.slice(0, 2048), title: context.title.slice(0, 500) };
}

/**
 * Queues the mutations `build` makes for the candidate's customer, creating the customer first
 * when nobody has written about it yet — all in one optimistic transaction.
 */
export async function writeOnCandidate(
  db: SidenoteDB,
  actor: Actor,
  candidate: CandidateRef,
  build: (customerId: string) => PendingMutation[],
): Promise<void> {
  const { customerId, create } = await customerForCandidate(db, candidate);
  await mutate(db, actor, [...(create ? [create] : []), ...build(customerId)]);
}

export interface NewNote {
  noteId: string;
  body: string;
  kind: NoteKind;
}

/**
 * Writes a note on the customer a page shows, creating that customer with its first note.
 * Idempotent by note id, so a page may send the same request again after the worker restarted.
 */
export async function addNoteOnCandidate(
  db: SidenoteDB,
  actor: Actor,
  context: Pick<PageContext, 'site' | 'url' | 'title'>,
  candidate: CandidateRef,
  note: NewNote,
): Promise<void> {
  if (await db.notes.get(note.noteId)) return;
  await writeOnCandidate(db, actor, candidate, (customerId) => [
    { name: 'createNote', args: { id: note.noteId, customerId, body: note.body, kind: note.kind, source: sourceOf(context) } },
  ]);
}
