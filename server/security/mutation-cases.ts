import { randomUUID } from 'node:crypto';
import type { MutatorArgs, MutatorName } from '../../model/mutators';
import type { Action } from '../../model/permissions';
import type { Role } from '../../model/schemas';
import type { TeamIds } from './world';

/**
 * For every mutator, arguments that name team A's rows. Sent with team B's admin token they
 * must be refused and change nothing. Typed over every mutator name, so a new mutator does
 * not compile until it has its case here (and the suite checks the list at run time too).
 */
export const CROSS_TEAM_ARGS: { [N in MutatorName]: (a: TeamIds) => MutatorArgs<N> } = {
  createCustomer: (a) => ({ id: a.owned, name: 'Hijack', identities: [{ id: a.identity, kind: 'domain', value: 'acme.a-sales.com' }] }),
  addIdentity: (a) => ({ id: randomUUID(), customerId: a.owned, kind: 'email', value: 'spy@b-sales.com' }),
  mergeCustomers: (a) => ({ fromId: a.owned2, intoId: a.owned, eventId: randomUUID() }),
  moveIdentity: (a) => ({ identityId: a.identity, toCustomerId: a.owned2, eventId: randomUUID() }),
  createNote: (a) => ({ id: randomUUID(), customerId: a.owned, body: 'planted' }),
  updateNote: (a) => ({ id: a.note, revisionId: randomUUID(), patch: { body: 'rewritten', pinned: true } }),
  deleteNote: (a) => ({ id: a.note }),
  acknowledgeChange: (a) => ({ noteId: a.note }),
  answerQuestion: (a) => ({ id: randomUUID(), noteId: a.note, body: 'planted answer' }),
  resolveQuestion: (a) => ({ noteId: a.note }),
  followCustomer: (a) => ({ customerId: a.owned, follow: true }),
  claimCustomer: (a) => ({ customerId: a.unowned, eventId: randomUUID() }),
  handOffCustomer: (a) => ({ customerId: a.owned, toId: a.rep.member.id, note: 'mine now', eventId: randomUUID() }),
  transferMember: (a) => ({ fromId: a.admin.member.id, toId: a.rep.member.id, eventId: randomUUID() }),
  setStage: (a) => ({ customerId: a.owned, stage: 'won', eventId: randomUUID() }),
  // Names no row: team B's admin changes team B's settings, and team A's must stay as they are.
  updateTeamSettings: () => ({ patch: { staleDays: 99 } }),
  createTask: (a) => ({ id: randomUUID(), customerId: a.owned, title: 'planted', dueAt: 1 }),
  updateTask: (a) => ({ id: a.task, patch: { title: 'rewritten', assigneeId: a.rep.member.id } }),
  completeTask: (a) => ({ id: a.task }),
  deleteTask: (a) => ({ id: a.task }),
  renameCustomer: (a) => ({ customerId: a.owned, name: 'Renamed by B', eventId: randomUUID() }),
  setGoal: (a) => ({ id: randomUUID(), memberId: a.rep.member.id, metric: 'customersClaimed', period: 'week', target: 5, startsAt: 0 }),
};

/** Mutators whose arguments name no row of any team: only "team A unchanged" applies. */
export const NAMES_NO_ROW: readonly MutatorName[] = ['updateTeamSettings'];

/** Team B's own rows mixed with team A's members or rows: refused too. */
export const MIXED_ARGS: { name: MutatorName; args: (a: TeamIds, b: TeamIds) => unknown }[] = [
  {
    name: 'createTask',
    args: (a, b) => ({ id: randomUUID(), customerId: b.owned, title: 'for A', dueAt: 1, assigneeId: a.rep.member.id }),
  },
  { name: 'handOffCustomer', args: (a, b) => ({ customerId: b.owned, toId: a.rep.member.id, note: 'to A', eventId: randomUUID() }) },
  { name: 'updateTask', args: (a, b) => ({ id: b.task, patch: { assigneeId: a.manager.member.id } }) },
  { name: 'mergeCustomers', args: (a, b) => ({ fromId: b.owned2, intoId: a.owned, eventId: randomUUID() }) },
  { name: 'moveIdentity', args: (a, b) => ({ identityId: b.identity, toCustomerId: a.owned, eventId: randomUUID() }) },
  { name: 'createTask', args: (a, b) => ({ id: randomUUID(), customerId: b.owned, title: 'from A', dueAt: 1, noteId: a.note }) },
  { name: 'transferMember', args: (a, b) => ({ fromId: a.manager.member.id, toId: b.rep.member.id, eventId: randomUUID() }) },
  {
    name: 'createNote',
    args: (a, b) => ({ id: randomUUID(), customerId: b.owned, body: 'for A?', kind: 'question', question: { askedOf: a.rep.member.id } }),
  },
];

/**
 * A mutation a rep may not make, within their own team A, because it needs `action`: the rep
 * is refused and nothing changes; the least role the matrix allows makes the same mutation.
 */
export interface RoleCase {
  name: MutatorName;
  action: Action;
  args: (a: TeamIds) => unknown;
}

export const ROLE_CASES: RoleCase[] = [
  {
    name: 'handOffCustomer',
    action: 'reassignCustomers',
    args: (a) => ({ customerId: a.owned, toId: a.rep.member.id, note: 'moving it', eventId: randomUUID() }),
  },
  {
    name: 'transferMember',
    action: 'reassignCustomers',
    args: (a) => ({ fromId: a.admin.member.id, toId: a.rep.member.id, eventId: randomUUID() }),
  },
  { name: 'mergeCustomers', action: 'reshapeOthersCustomers', args: (a) => ({ fromId: a.owned2, intoId: a.owned, eventId: randomUUID() }) },
  {
    name: 'moveIdentity',
    action: 'reshapeOthersCustomers',
    args: (a) => ({ identityId: a.identity, toCustomerId: a.owned2, eventId: randomUUID() }),
  },
  {
    name: 'renameCustomer',
    action: 'reshapeOthersCustomers',
    args: (a) => ({ customerId: a.owned, name: 'Renamed by a rep', eventId: randomUUID() }),
  },
  { name: 'updateNote', action: 'editOthersNotes', args: (a) => ({ id: a.note, revisionId: randomUUID(), patch: { body: 'rewritten' } }) },
  { name: 'deleteNote', action: 'editOthersNotes', args: (a) => ({ id: a.note }) },
  { name: 'updateTask', action: 'changeOthersFollowUps', args: (a) => ({ id: a.task, patch: { dueAt: 1_760_000_000_000 } }) },
  { name: 'completeTask', action: 'changeOthersFollowUps', args: (a) => ({ id: a.task }) },
  { name: 'deleteTask', action: 'changeOthersFollowUps', args: (a) => ({ id: a.task }) },
  { name: 'updateTeamSettings', action: 'changeSettings', args: () => ({ patch: { escalationDays: 5 } }) },
  { name: 'setStage', action: 'moveOthersStages', args: (a) => ({ customerId: a.owned, stage: 'won', eventId: randomUUID() }) },
  {
    name: 'setGoal',
    action: 'setGoals',
    args: (a) => ({ id: randomUUID(), memberId: a.rep.member.id, metric: 'followUpsOnTime', period: 'month', target: 9, startsAt: 0 }),
  },
];

/** The device of the least role the matrix allows `roles`. */
export function leastAllowed(team: TeamIds, roles: readonly Role[]) {
  return roles.includes('rep') ? team.rep : roles.includes('manager') ? team.manager : team.admin;
}
