import { z } from '../z';
import { DAY_MS } from '../calendar';
import { Id, TeamSettings, type Customer } from '../schemas';
import { allowed, canonicalCustomer, def, derivedId, MutationError, recordEvent, type MutatorContext } from './kit';
import { activeMember, memberName } from './members';

export const ClaimCustomerArgs = z.object({ customerId: Id, eventId: Id });
export const HandOffCustomerArgs = z.object({
  customerId: Id,
  toId: Id,
  /** What the new owner needs to know: required, so no customer changes hands in silence. */
  note: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  /** Move the old owner's open follow-ups on this customer to the new owner. */
  moveTasks: z._default(z.boolean(), true),
  eventId: Id,
});
export const TransferMemberArgs = z.object({ fromId: Id, toId: Id, eventId: Id });
export const SetStageArgs = z.object({ customerId: Id, stage: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)), eventId: Id });
/** Goals are set one by one (`setGoal`, managers), never as a whole list here. */
export const SettingsPatch = z.partial(z.omit(TeamSettings, { goals: true }));
export const UpdateTeamSettingsArgs = z.object({ patch: SettingsPatch });

/** Gives the customer (and optionally the old owner's open follow-ups on it) to a new owner. */
async function changeOwner(ctx: MutatorContext, customer: Customer, toId: string, moveTasks: boolean): Promise<void> {
  const { store, now } = ctx;
  const from = customer.ownerId;
  await store.put('customers', { ...customer, ownerId: toId, updatedAt: Math.max(customer.updatedAt, now) });
  if (!moveTasks || !from) return;
  for (const task of await store.list('tasks', 'customerId', customer.id)) {
    if (task.assigneeId === from && task.doneAt === null && task.deletedAt === null) {
      await store.put('tasks', { ...task, assigneeId: toId, updatedAt: now });
    }
  }
}

async function claimCustomer(ctx: MutatorContext, args: z.infer<typeof ClaimCustomerArgs>): Promise<void> {
  const { store, actor } = ctx;
  // 1. Replaying a claim that happened changes nothing.
  if (await store.get('customerEvents', args.eventId)) return;
  const customer = await canonicalCustomer(store, args.customerId);
  if (customer.ownerId === actor.memberId) return;
  // 2. First come, first served: a customer with an owner changes hands only by a hand-off.
  if (customer.ownerId !== null) {
    const owner = await memberName(store, customer.ownerId);
    throw new MutationError('already_owned', `${owner} already owns ${customer.name}. Ask them for a hand-off.`, {
      owner,
      customer: customer.name,
    });
  }
  await changeOwner(ctx, customer, actor.memberId, false);
  await recordEvent(ctx, { id: args.eventId, customerId: customer.id, type: 'claim', from: null, to: actor.memberId });
}

async function handOffCustomer(ctx: MutatorContext, args: z.infer<typeof HandOffCustomerArgs>): Promise<void> {
  const { store, actor } = ctx;
  if (await store.get('customerEvents', args.eventId)) return;
  const customer = await canonicalCustomer(store, args.customerId);
  await activeMember(store, args.toId);
  // 1. The owner hands off; a manager or admin may reassign anyone's customer.
  const isOwner = customer.ownerId === actor.memberId;
  if (!isOwner && !allowed(actor, 'reassignCustomers')) {
    const owner = await memberName(store, customer.ownerId);
    throw new MutationError(
      'forbidden',
      customer.ownerId ? `Only ${owner} or a manager can hand off ${customer.name}.` : `Claim ${customer.name} before handing it off.`,
      { owner, customer: customer.name },
    );
  }
  if (customer.ownerId === args.toId) return;
  await changeOwner(ctx, customer, args.toId, args.moveTasks);
  await recordEvent(ctx, {
    id: args.eventId,
    customerId: customer.id,
    type: isOwner ? 'handoff' : 'reassign',
    from: customer.ownerId,
    to: args.toId,
    note: args.note,
  });
}

async function transferMember(ctx: MutatorContext, args: z.infer<typeof TransferMemberArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  if (!allowed(actor, 'reassignCustomers'))
    throw new MutationError('forbidden', 'Only a manager or admin can transfer a member’s customers.');
  if (args.fromId === args.toId) throw new MutationError('invalid', 'Choose two different people.');
  // The departing member may be inactive already, but must be of this team.
  if (!(await store.get('members', args.fromId))) throw new MutationError('not_found', 'That person is not a member of the team.');
  await activeMember(store, args.toId);
  // Every customer the departing member owns, with its open follow-ups, and their other open
  // follow-ups too: nothing they were responsible for is left without someone responsible.
  for (const owned of await store.list('customers', 'ownerId', args.fromId)) {
    if (owned.deletedAt !== null || owned.mergedIntoId !== null) continue;
    // One history entry per customer, its id derived so a replay finds it (and within the id limit).
    const eventId = derivedId(args.eventId, owned.id);
    if (await store.get('customerEvents', eventId)) continue;
    await changeOwner(ctx, owned, args.toId, true);
    await recordEvent(ctx, { id: eventId, customerId: owned.id, type: 'transfer', from: args.fromId, to: args.toId });
  }
  for (const task of await store.list('tasks', 'assigneeId', args.fromId)) {
    if (task.doneAt === null && task.deletedAt === null) await store.put('tasks', { ...task, assigneeId: args.toId, updatedAt: now });
  }
}

/**
 * Moves a customer to another stage (the board's drag, the sidebar's select). A rep moves the
 * customers they own and unowned ones; a manager any. Entering a stage whose rule wants a
 * follow-up makes it here, in the same mutation, so it is made once on the server and syncs
 * like any other: due in the rule's days, for the owner (or the mover when there is none).
 */
async function setStage(ctx: MutatorContext, args: z.infer<typeof SetStageArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  // 1. Replaying a stage change that happened changes nothing.
  if (await store.get('customerEvents', args.eventId)) return;
  const customer = await canonicalCustomer(store, args.customerId);
  const team = await store.get('teams', actor.teamId);
  if (team && !team.settings.stages.includes(args.stage)) {
    throw new MutationError('invalid', `“${args.stage}” is not one of the team’s stages.`, { stage: args.stage });
  }
  // 2. Whose customer it is decides who may move it.
  if (customer.ownerId !== null && customer.ownerId !== actor.memberId && !allowed(actor, 'moveOthersStages')) {
    const owner = await memberName(store, customer.ownerId);
    throw new MutationError('forbidden', `Only ${owner} or a manager can move ${customer.name} to another stage.`, {
      owner,
      customer: customer.name,
    });
  }
  if (customer.stage === args.stage) return;
  await store.put('customers', { ...customer, stage: args.stage, updatedAt: Math.max(customer.updatedAt, now) });
  await recordEvent(ctx, { id: args.eventId, customerId: customer.id, type: 'stage', from: customer.stage, to: args.stage });
  // 3. The stage's rule: its follow-up, with an id derived from the event so a replay finds it.
  const rule = team?.settings.stageRules.find((r) => r.stage === args.stage);
  if (rule && rule.nextFollowUpDays !== null) {
    const assigneeId = customer.ownerId ?? actor.memberId;
    await store.put('tasks', {
      id: derivedId(args.eventId, 'stage-rule'),
      customerId: customer.id,
      title: rule.title || args.stage,
      assigneeId,
      dueAt: now + rule.nextFollowUpDays * DAY_MS,
      doneAt: null,
      doneBy: null,
      createdBy: actor.memberId,
      createdAt: now,
      updatedAt: now,
      noteId: null,
      source: null,
      deletedAt: null,
    });
  }
}

async function updateTeamSettings(ctx: MutatorContext, args: z.infer<typeof UpdateTeamSettingsArgs>): Promise<void> {
  const { store, actor } = ctx;
  if (!allowed(actor, 'changeSettings')) throw new MutationError('forbidden', 'Only an admin can change the team’s settings.');
  const team = await store.get('teams', actor.teamId);
  if (!team) throw new MutationError('not_found', 'The team is not known here yet.', { entity: 'team' });
  const patch = Object.fromEntries(Object.entries(args.patch).filter(([, v]) => v !== undefined));
  await store.put('teams', { ...team, settings: { ...team.settings, ...patch } });
}

export const ownershipMutators = {
  claimCustomer: def(ClaimCustomerArgs, claimCustomer),
  handOffCustomer: def(HandOffCustomerArgs, handOffCustomer),
  transferMember: def(TransferMemberArgs, transferMember),
  setStage: def(SetStageArgs, setStage),
  updateTeamSettings: def(UpdateTeamSettingsArgs, updateTeamSettings),
};
