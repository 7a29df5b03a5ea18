import { z } from '../z';
import { Id, MAX_TASK_TITLE, Millis, NoteSource, type Task } from '../schemas';
import { allowed, canonicalCustomer, def, MutationError, recordEvent, touchCustomer, type MutatorContext } from './kit';
import { activeMember } from './members';

const Title = z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_TASK_TITLE));

export const CreateTaskArgs = z.object({
  id: Id,
  customerId: Id,
  title: Title,
  dueAt: Millis,
  /** Who is responsible: the customer's owner when not given (else the author). */
  assigneeId: z._default(z.nullable(Id), null),
  noteId: z._default(z.nullable(Id), null),
  source: z._default(z.nullable(NoteSource), null),
});
export const UpdateTaskArgs = z.object({
  id: Id,
  patch: z
    .object({ title: z.optional(Title), dueAt: z.optional(Millis), assigneeId: z.optional(Id) })
    .check(z.refine((p) => Object.values(p).some((v) => v !== undefined), 'nothing to change')),
});
export const CompleteTaskArgs = z.object({ id: Id, done: z._default(z.boolean(), true) });
export const DeleteTaskArgs = z.object({
  id: Id,
  /** Id of the history line that says who deleted it; optional because older clients queued deletions without one. */
  eventId: z.optional(Id),
});

async function liveTask(ctx: MutatorContext, id: string): Promise<Task> {
  const task = await ctx.store.get('tasks', id);
  if (!task || task.deletedAt !== null) throw new MutationError('not_found', 'That follow-up no longer exists.', { entity: 'task' });
  return task;
}

/** The assignee, its creator, the customer's owner and managers may change a follow-up. */
async function requireInCharge(ctx: MutatorContext, task: Task): Promise<void> {
  const me = ctx.actor.memberId;
  if (task.assigneeId === me || task.createdBy === me || allowed(ctx.actor, 'changeOthersFollowUps')) return;
  const customer = await canonicalCustomer(ctx.store, task.customerId).catch(() => null);
  if (customer?.ownerId === me) return;
  throw new MutationError('forbidden', 'Only the assignee, the customer’s owner, its creator or a manager can change this follow-up.');
}

async function createTask(ctx: MutatorContext, args: z.infer<typeof CreateTaskArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  // The same follow-up sent again changes nothing; an id someone else used is refused.
  const existing = await store.get('tasks', args.id);
  if (existing) {
    if (existing.createdBy === actor.memberId) return;
    throw new MutationError('conflict', `The id ${args.id} is already in use.`, { id: args.id });
  }
  const customer = await canonicalCustomer(store, args.customerId);
  const assignee = await activeMember(store, args.assigneeId ?? customer.ownerId ?? actor.memberId);
  if (args.noteId) {
    const note = await store.get('notes', args.noteId);
    const hidden = note?.visibility === 'private' && note.authorId !== actor.memberId;
    if (!note || note.deletedAt !== null || hidden)
      throw new MutationError('not_found', 'The note this follow-up comes from no longer exists.', { entity: 'note' });
  }
  await store.put('tasks', {
    id: args.id,
    customerId: customer.id,
    title: args.title,
    assigneeId: assignee.id,
    dueAt: args.dueAt,
    doneAt: null,
    doneBy: null,
    createdBy: actor.memberId,
    createdAt: now,
    updatedAt: now,
    noteId: args.noteId,
    source: args.source,
    deletedAt: null,
  });
  await touchCustomer(ctx, customer);
}

async function updateTask(ctx: MutatorContext, args: z.infer<typeof UpdateTaskArgs>): Promise<void> {
  const task = await liveTask(ctx, args.id);
  await requireInCharge(ctx, task);
  if (args.patch.assigneeId !== undefined) await activeMember(ctx.store, args.patch.assigneeId);
  // Field by field: a reschedule and a reassignment made at once by two people both stand.
  const next: Task = { ...task, updatedAt: ctx.now };
  if (args.patch.title !== undefined) next.title = args.patch.title;
  if (args.patch.dueAt !== undefined) next.dueAt = args.patch.dueAt;
  if (args.patch.assigneeId !== undefined) next.assigneeId = args.patch.assigneeId;
  await ctx.store.put('tasks', next);
}

async function completeTask(ctx: MutatorContext, args: z.infer<typeof CompleteTaskArgs>): Promise<void> {
  const task = await liveTask(ctx, args.id);
  if ((task.doneAt !== null) === args.done) return;
  await requireInCharge(ctx, task);
  await ctx.store.put('tasks', {
    ...task,
    doneAt: args.done ? ctx.now : null,
    doneBy: args.done ? ctx.actor.memberId : null,
    updatedAt: ctx.now,
  });
  await touchCustomer(ctx, task.customerId);
}

async function deleteTask(ctx: MutatorContext, args: z.infer<typeof DeleteTaskArgs>): Promise<void> {
  const task = await ctx.store.get('tasks', args.id);
  if (task?.deletedAt) return;
  const live = await liveTask(ctx, args.id);
  if (live.createdBy !== ctx.actor.memberId && !allowed(ctx.actor, 'changeOthersFollowUps')) {
    throw new MutationError('forbidden', 'Only its creator or a manager can delete a follow-up.');
  }
  await ctx.store.put('tasks', { ...live, deletedAt: ctx.now, updatedAt: ctx.now });
  if (args.eventId && !(await ctx.store.get('customerEvents', args.eventId))) {
    await recordEvent(ctx, {
      id: args.eventId,
      customerId: live.customerId,
      type: 'taskDelete',
      from: live.assigneeId,
      to: live.id,
      note: live.title,
    });
  }
}

export const taskMutators = {
  createTask: def(CreateTaskArgs, createTask),
  updateTask: def(UpdateTaskArgs, updateTask),
  completeTask: def(CompleteTaskArgs, completeTask),
  deleteTask: def(DeleteTaskArgs, deleteTask),
};
