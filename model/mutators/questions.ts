import { z } from '../z';
import { Id, MAX_ANSWER_LENGTH } from '../schemas';
import { def, MutationError, recordEvent, type MutatorContext } from './kit';
import { liveNote } from './notes';

export const AnswerQuestionArgs = z.object({
  /** The answer's id, made where it was typed: sending it again writes it once. */
  id: Id,
  noteId: Id,
  body: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_ANSWER_LENGTH)),
});

/**
 * A reply under a question: a history line of type `answer` (`to` the question, `note` the text).
 * Anyone on the team may reply (the asker too, to add detail); a resolved question still takes
 * replies, so an answer written offline is never refused for arriving late.
 */
async function answerQuestion(ctx: MutatorContext, args: z.infer<typeof AnswerQuestionArgs>): Promise<void> {
  const existing = await ctx.store.get('customerEvents', args.id);
  if (existing) {
    if (existing.type === 'answer' && existing.actorId === ctx.actor.memberId && existing.to === args.noteId) return;
    throw new MutationError('conflict', `The id ${args.id} is already in use.`, { id: args.id });
  }
  const note = await liveNote(ctx, args.noteId);
  if (note.kind !== 'question' || !note.question) throw new MutationError('invalid', 'Only a question is answered.');
  await recordEvent(ctx, { id: args.id, customerId: note.customerId, type: 'answer', from: null, to: note.id, note: args.body });
}

export const ResolveQuestionArgs = z.object({ noteId: Id });

/** The asker says their question is settled (once: resolving again keeps the first time). */
async function resolveQuestion(ctx: MutatorContext, args: z.infer<typeof ResolveQuestionArgs>): Promise<void> {
  const note = await liveNote(ctx, args.noteId);
  if (note.kind !== 'question' || !note.question) throw new MutationError('invalid', 'Only a question is resolved.');
  if (note.authorId !== ctx.actor.memberId) throw new MutationError('forbidden', 'Only the one who asked resolves a question.');
  if (note.question.resolvedAt !== null) return;
  await ctx.store.put('notes', { ...note, question: { ...note.question, resolvedAt: ctx.now } });
}

export const questionMutators = {
  answerQuestion: def(AnswerQuestionArgs, answerQuestion),
  resolveQuestion: def(ResolveQuestionArgs, resolveQuestion),
};
