import { z } from './z';
import { DEFAULT_STAGES } from './stages';

export { DEFAULT_STAGES } from './stages';

/** Ids are client-made UUIDs (or server-made for teams and members). */
export const Id = z.string().check(z.minLength(1), z.maxLength(100));
/** Milliseconds since the epoch. */
export const Millis = z.number().check(z.int(), z.nonnegative());

export const Role = z.enum(['rep', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;

export const MAX_TASK_TITLE = 300;

/**
 * The team's follow-up SOP for one stage: entering it makes a follow-up due in
 * `nextFollowUpDays` days titled `title`; a customer idle (no note, follow-up or change) longer
 * than `idleDays` in it is going cold for its owner, and past `escalateDays` for a manager.
 */
export const StageRule = z.object({
  stage: z.string().check(z.minLength(1), z.maxLength(40)),
  nextFollowUpDays: z._default(z.nullable(z.number().check(z.int(), z.gte(0), z.lte(365))), null),
  /** The follow-up's title (the admin's words, in the team's language); required with `nextFollowUpDays`. */
  title: z._default(z.string().check(z.trim(), z.maxLength(MAX_TASK_TITLE)), ''),
  idleDays: z._default(z.nullable(z.number().check(z.int(), z.gte(1), z.lte(365))), null),
  escalateDays: z._default(z.nullable(z.number().check(z.int(), z.gte(1), z.lte(365))), null),
});
export type StageRule = z.infer<typeof StageRule>;

export const GoalMetric = z.enum(['followUpsOnTime', 'customersContacted', 'customersClaimed', 'stageAdvances']);
export type GoalMetric = z.infer<typeof GoalMetric>;
export const GoalPeriod = z.enum(['week', 'month']);
export type GoalPeriod = z.infer<typeof GoalPeriod>;

/**
 * A target a manager set for one member: `target` of `metric` in every `period` from `startsAt`
 * on. Progress is counted from the data (model/goals.ts), never typed in. One goal per
 * (member, metric, period): setting it again replaces it.
 */
export const Goal = z.object({
  id: Id,
  memberId: Id,
  metric: GoalMetric,
  period: GoalPeriod,
  target: z.number().check(z.int(), z.gte(1), z.lte(100_000)),
  startsAt: Millis,
  setBy: Id,
});
export type Goal = z.infer<typeof Goal>;
export const MAX_GOALS = 1000;

export const TeamSettings = z.object({
  stages: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(40))).check(z.minLength(1), z.maxLength(20)), [
    ...DEFAULT_STAGES,
  ]),
  escalationDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(60)), 2),
  staleDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(365)), 14),
  /** The follow-up SOP, one rule per stage at most. */
  stageRules: z._default(
    z.array(StageRule).check(
      z.maxLength(20),
      z.refine((rules) => new Set(rules.map((r) => r.stage)).size === rules.length, 'one rule per stage'),
    ),
    [],
  ),
  /**
   * How long a question may wait for its first answer before it escalates to a manager; unset
   * means DEFAULT_QUESTION_HOURS (model/questions.ts `questionLimitMs`).
   */
  questionHours: z.optional(z.number().check(z.int(), z.gte(1), z.lte(720))),
  /** Goals per member and period, set by managers through `setGoal` (not `updateTeamSettings`). */
  goals: z._default(z.array(Goal).check(z.maxLength(MAX_GOALS)), []),
});
export type TeamSettings = z.infer<typeof TeamSettings>;

export const Team = z.object({
  id: Id,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The team's own mail domains: never a customer. */
  domains: z.array(z.string().check(z.minLength(1), z.maxLength(253))),
  settings: TeamSettings,
});
export type Team = z.infer<typeof Team>;

export const Member = z.object({
  id: Id,
  teamId: Id,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  email: z.string().check(z.maxLength(320)),
  role: Role,
  active: z.boolean(),
});
export type Member = z.infer<typeof Member>;

export const MAX_CUSTOMER_NAME = 200;

export const Customer = z.object({
  id: Id,
  name: z.string().check(z.minLength(1), z.maxLength(MAX_CUSTOMER_NAME)),
  ownerId: z.nullable(Id),
  stage: z.string().check(z.minLength(1), z.maxLength(40)),
  createdAt: Millis,
  updatedAt: Millis,
  deletedAt: z.nullable(Millis),
  /** Set when this customer was folded into another (a concurrent duplicate or a merge). */
  mergedIntoId: z.nullable(Id),
});
export type Customer = z.infer<typeof Customer>;

export const IdentityKind = z.enum(['email', 'domain', 'phone', 'crm', 'url']);
export type IdentityKind = z.infer<typeof IdentityKind>;

export const Identity = z.object({
  id: Id,
  customerId: Id,
  kind: IdentityKind,
  value: z.string().check(z.minLength(1), z.maxLength(2048)),
  deletedAt: z.nullable(Millis),
});
export type Identity = z.infer<typeof Identity>;

export const NoteKind = z.enum(['note', 'call', 'meeting', 'chat', 'change', 'question']);
export type NoteKind = z.infer<typeof NoteKind>;

export const NoteSource = z.object({
  site: z.string().check(z.maxLength(40)),
  url: z.string().check(z.maxLength(2048)),
  title: z.string().check(z.maxLength(500)),
});
export type NoteSource = z.infer<typeof NoteSource>;

export const NoteChange = z.object({
  topic: z.enum(['quote', 'contract', 'requirement', 'other']),
  summary: z.string().check(z.maxLength(500)),
});
export type NoteChange = z.infer<typeof NoteChange>;

/**
 * What makes a note of kind `question` one: whom it asks, and when its asker marked it resolved.
 * Its answers are history lines of type `answer` whose `to` is the note's id (model/questions.ts).
 */
export const NoteQuestion = z.object({
  askedOf: Id,
  resolvedAt: z.nullable(Millis),
});
export type NoteQuestion = z.infer<typeof NoteQuestion>;

export const MAX_NOTE_LENGTH = 20_000;

export const Note = z.object({
  id: Id,
  customerId: Id,
  authorId: Id,
  kind: NoteKind,
  change: z.nullable(NoteChange),
  body: z.string().check(z.maxLength(MAX_NOTE_LENGTH)),
  visibility: z.enum(['team', 'private']),
  mentions: z.array(Id).check(z.maxLength(50)),
  pinned: z.boolean(),
  source: z.nullable(NoteSource),
  createdAt: Millis,
  editedAt: z.nullable(Millis),
  deletedAt: z.nullable(Millis),
  /** A question's addressee and state; absent on every other kind (last, so exports keep their columns). */
  question: z.optional(z.nullable(NoteQuestion)),
});
export type Note = z.infer<typeof Note>;

/**
 * The text a note had before an edit: every edit keeps one, so nothing written is ever lost.
 * It copies the note's visibility and author so private text reaches only its author.
 */
export const NoteRevision = z.object({
  id: Id,
  noteId: Id,
  customerId: Id,
  noteAuthorId: Id,
  visibility: z.enum(['team', 'private']),
  /** Who made the edit that replaced this text. */
  editorId: Id,
  body: z.string().check(z.maxLength(MAX_NOTE_LENGTH)),
  at: Millis,
});
export type NoteRevision = z.infer<typeof NoteRevision>;

/** A promise made to a customer: a follow-up with a due time and one person responsible. */
export const Task = z.object({
  id: Id,
  customerId: Id,
  title: z.string().check(z.minLength(1), z.maxLength(MAX_TASK_TITLE)),
  assigneeId: Id,
  dueAt: Millis,
  doneAt: z.nullable(Millis),
  doneBy: z.nullable(Id),
  createdBy: Id,
  createdAt: Millis,
  updatedAt: Millis,
  /** The note it was made from, if any. */
  noteId: z.nullable(Id),
  /** The page it was made on: the reminder opens it. */
  source: z.nullable(NoteSource),
  deletedAt: z.nullable(Millis),
});
export type Task = z.infer<typeof Task>;

export const CustomerEventType = z.enum([
  'claim',
  'handoff',
  'reassign',
  'transfer',
  'stage',
  'merge',
  'move',
  // Corrections, so the team sees who changed what: `from`/`to` hold the old and new name
  // (rename), or the author and id of the note or follow-up.
  'rename',
  'noteEdit',
  'noteDelete',
  'taskDelete',
  // A member acknowledged a change note: `to` is the note's id.
  'ack',
  // An answer to a question note: `to` is the note's id, `note` the answer's text.
  'answer',
  // One line per member and customer (its id derived from both), rewritten in place: `follow`
  // while the member follows the customer, `unfollow` once they stopped; `at` says since when.
  'follow',
  'unfollow',
]);
export type CustomerEventType = z.infer<typeof CustomerEventType>;

export const CUSTOMER_EVENT_NOTE_MAX = 2000;

/** The longest answer to a question (an answer is a history line: its text is the line's note). */
export const MAX_ANSWER_LENGTH = CUSTOMER_EVENT_NOTE_MAX;

/** One entry of a customer's ownership and stage history, as the sidebar shows it. */
export const CustomerEvent = z.object({
  id: Id,
  customerId: Id,
  type: CustomerEventType,
  actorId: Id,
  at: Millis,
  /** The previous owner's id (or stage, or name), if any. */
  from: z.nullable(z.string().check(z.maxLength(MAX_CUSTOMER_NAME))),
  /** The new owner's id (or stage, or name). */
  to: z.nullable(z.string().check(z.maxLength(MAX_CUSTOMER_NAME))),
  /** The hand-off note. */
  note: z.string().check(z.maxLength(CUSTOMER_EVENT_NOTE_MAX)),
});
export type CustomerEvent = z.infer<typeof CustomerEvent>;

/** Every synced table and the schema of its rows. */
export const Tables = {
  teams: Team,
  members: Member,
  customers: Customer,
  identities: Identity,
  notes: Note,
  noteRevisions: NoteRevision,
  tasks: Task,
  customerEvents: CustomerEvent,
} as const;
export type TableName = keyof typeof Tables;
export type Row<T extends TableName> = z.infer<(typeof Tables)[T]>;
export const TABLE_NAMES = Object.keys(Tables) as TableName[];
