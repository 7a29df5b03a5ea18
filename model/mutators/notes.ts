import { z } from '../z';
import { Id, MAX_NOTE_LENGTH, NoteChange, NoteKind, NoteSource } from '../schemas';
import { activeMember } from './members';
import { allowed, canonicalCustomer, def, derivedId, MutationError, recordEvent, touchCustomer, type MutatorContext } from './kit';

export const CreateNoteArgs = z.object({
  id: Id,
  customerId: Id,
  kind: z._default(NoteKind, 'note'),
  change: z._default(z.nullable(NoteChange), null),
  /** A question's addressee (a teammate); required with kind `question`, ignored otherwise. */
  question: z._default(z.nullable(z.object({ askedOf: Id })), null),
  body: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_NOTE_LENGTH)),
  visibility: z._default(z.enum(['team', 'private']), 'team'),
  mentions: z._default(z.array(Id).check(z.maxLength(50)), []),
  source: z._default(z.nullable(NoteSource), null),
});

export const UpdateNoteArgs = z.object({
  id: Id,
  /** Id for the revision that keeps the text being replaced (made by the client). */
  revisionId: Id,
  patch: z
    .object({
      body: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_NOTE_LENGTH))),
      pinned: z.optional(z.boolean()),
    })
    .check(z.refine((p) => p.body !== undefined || p.pinned !== undefined, 'nothing to change')),
});
export const DeleteNoteArgs = z.object({
  id: Id,
  /** Id of the history line that says who deleted it; optional because older clients queued deletions without one. */
  eventId: z.optional(Id),
});

async function createNote(ctx: MutatorContext, args: z.infer<typeof CreateNoteArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  // 1. The same note sent again (a page re-sent its request) changes nothing; someone else's id is refused.
  //    (Read with the customer, each a round trip of its own: the customer's answer counts only after.)
  const [existing, found] = await Promise.all([
    store.get('notes', args.id),
    canonicalCustomer(store, args.customerId).then(
      (customer) => ({ customer }),
      (error: unknown) => ({ error }),
    ),
  ]);
  if (existing) {
    if (existing.authorId === actor.memberId) return;
    throw new MutationError('conflict', `The id ${args.id} is already in use.`, { id: args.id });
  }
  if ('error' in found) throw found.error;
  const { customer } = found;
  if (args.kind === 'change' && !args.change) {
    throw new MutationError('invalid', 'A change note needs its topic and summary.');
  }
  // 2. A question is put to a teammate for the team to see: never private, never to oneself.
  if (args.kind === 'question') {
    if (!args.question) throw new MutationError('invalid', 'A question needs the teammate it is for.');
    if (args.visibility !== 'team') throw new MutationError('invalid', 'A question is for the team to see: it cannot be private.');
    if (args.question.askedOf === actor.memberId) throw new MutationError('invalid', 'A question is for someone else.');
    await activeMember(store, args.question.askedOf);
  }
  await store.put('notes', {
    id: args.id,
    customerId: customer.id,
    authorId: actor.memberId,
    kind: args.kind,
    change: args.kind === 'change' ? args.change : null,
    body: args.body,
    visibility: args.visibility,
    mentions: args.mentions,
    pinned: false,
    source: args.source,
    createdAt: now,
    editedAt: null,
    deletedAt: null,
    // Only a question carries the field: every other note stays the row it always was.
    ...(args.kind === 'question' ? { question: { askedOf: args.question!.askedOf, resolvedAt: null } } : {}),
  });
  // A private note is nobody else's business: not even the customer's "last activity" may move.
  if (args.visibility === 'team') await touchCustomer(ctx, customer);
}

/** The note with this id as the actor may see it, or not_found (someone else's private note included). */
export async function liveNote(ctx: MutatorContext, id: string) {
  const note = await ctx.store.get('notes', id);
  // Someone else's private note is, to this member, a note that does not exist.
  if (!note || note.deletedAt !== null || (note.visibility === 'private' && note.authorId !== ctx.actor.memberId)) {
    throw new MutationError('not_found', 'That note no longer exists.', { entity: 'note' });
  }
  return note;
}

async function updateNote(ctx: MutatorContext, args: z.infer<typeof UpdateNoteArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  // 1. Replaying an edit that already happened changes nothing.
  if (await store.get('noteRevisions', args.revisionId)) return;
  const note = await liveNote(ctx, args.id);
  const next = { ...note };
  // 2. Text: its author's (or a manager's) to change; the old text is kept as a revision.
  if (args.patch.body !== undefined && args.patch.body !== note.body) {
    if (note.authorId !== actor.memberId && !allowed(actor, 'editOthersNotes')) {
      throw new MutationError('forbidden', 'Only the author or a manager can edit this note.');
    }
    await store.put('noteRevisions', {
      id: args.revisionId,
      noteId: note.id,
      customerId: note.customerId,
      noteAuthorId: note.authorId,
      visibility: note.visibility,
      editorId: actor.memberId,
      body: note.body,
      at: now,
    });
    next.body = args.patch.body;
    next.editedAt = now;
    // The team's history says who edited whose note (never the text; a private note not at all).
    if (note.visibility === 'team') {
      await recordEvent(ctx, { id: args.revisionId, customerId: note.customerId, type: 'noteEdit', from: note.authorId, to: note.id });
    }
  }
  // 3. Pinning: anyone on the team, field by field, last writer wins.
  if (args.patch.pinned !== undefined) next.pinned = args.patch.pinned;
  await store.put('notes', next);
}

async function deleteNote(ctx: MutatorContext, args: z.infer<typeof DeleteNoteArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  const note = await store.get('notes', args.id);
  if (note?.deletedAt) return;
  const live = await liveNote(ctx, args.id);
  if (live.authorId !== actor.memberId && !allowed(actor, 'editOthersNotes')) {
    throw new MutationError('forbidden', 'Only the author or a manager can delete this note.');
  }
  // Kept, marked deleted: the text and its revisions stay in the archive.
  await store.put('notes', { ...live, deletedAt: now });
  if (args.eventId && live.visibility === 'team' && !(await store.get('customerEvents', args.eventId))) {
    await recordEvent(ctx, { id: args.eventId, customerId: live.customerId, type: 'noteDelete', from: live.authorId, to: live.id });
  }
}

export const AcknowledgeChangeArgs = z.object({ noteId: Id });

/**
 * A member says they have seen a change note. Kept as a history line (`ack`, `to` = the note),
 * its id derived from note and member, so acknowledging twice (or from two devices) is one line.
 */
async function acknowledgeChange(ctx: MutatorContext, args: z.infer<typeof AcknowledgeChangeArgs>): Promise<void> {
  const note = await liveNote(ctx, args.noteId);
  if (note.kind !== 'change' || note.visibility !== 'team') {
    throw new MutationError('invalid', 'Only a change note is acknowledged.');
  }
  const id = derivedId('ack', note.id, ctx.actor.memberId);
  if (await ctx.store.get('customerEvents', id)) return;
  await recordEvent(ctx, { id, customerId: note.customerId, type: 'ack', from: null, to: note.id });
}

export const noteMutators = {
  acknowledgeChange: def(AcknowledgeChangeArgs, acknowledgeChange),
  createNote: def(CreateNoteArgs, createNote),
  updateNote: def(UpdateNoteArgs, updateNote),
  deleteNote: def(DeleteNoteArgs, deleteNote),
};
