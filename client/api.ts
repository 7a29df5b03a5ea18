import { z } from '../model/z';
import { PageContext } from '@/model/context';
import {
  CustomerEvent,
  IdentityKind,
  MAX_ANSWER_LENGTH,
  MAX_CUSTOMER_NAME,
  MAX_NOTE_LENGTH,
  MAX_TASK_TITLE,
  NoteChange,
  NoteKind,
  NoteSource,
  GoalMetric,
  GoalPeriod,
  Role,
  StageRule,
  Task,
  TeamSettings,
} from '@/model/schemas';
import { ActivityPage, AdminMembers, CSV_TABLES, DeviceCode, MemberAdminView, MyDevices, NewInviteResult } from '@/model/admin';
import { RecognitionSummary } from '@/model/selectors';
import { NoteDoc } from '@/model/note-doc';
import { Refusal } from '@/model/sync';
import { PublicSession } from './session';
import { SyncState } from './sync/state';

/**
 * The one declaration of what the extension's pages (sidebar, popup, options) may ask the
 * background, over a `runtime.connect` Port. Each entry: argument and result schemas; the
 * background parses every argument, the pages parse every result.
 */

export const ViewId = z.string().check(z.minLength(8), z.maxLength(64));
/** A candidate's key: `domain:…`, `email:…`, `crm:…`, `phone:…`, or `url:` + a page address (up to 2,048). */
export const CandidateKey = z.string().check(z.minLength(1), z.maxLength(2100));

/**
 * Which customer a sidebar action is about: the customer's id when it is one already (resolved
 * once, by the sidebar's view), else the page's candidate, created with the action.
 */
export const CustomerTarget = z.union([
  z.strictObject({ customerId: z.string().check(z.minLength(1), z.maxLength(100)) }),
  z.strictObject({ viewId: ViewId, candidateKey: CandidateKey }),
]);
export type CustomerTarget = z.infer<typeof CustomerTarget>;

/** An id made where the user acted, so a request sent again is the same action, done once. */
const ActionId = z.string().check(z.uuid());

export const JoinForm = z.object({
  serverUrl: z.string().check(
    z.trim(),
    z.url(),
    z.refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://'),
  ),
  inviteCode: z.string().check(z.trim(), z.minLength(4), z.maxLength(100)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: z.string().check(z.trim(), z.toLowerCase(), z.email(), z.maxLength(320)),
});
export type JoinForm = z.infer<typeof JoinForm>;

/** One answer under a question. */
export const ReplyView = z.object({ id: z.string(), authorName: z.string(), body: z.string(), at: z.number(), pending: z.boolean() });
export type ReplyView = z.infer<typeof ReplyView>;

export const QuestionView = z.object({
  askedOfId: z.string(),
  askedOfName: z.string(),
  state: z.enum(['open', 'answered', 'resolved']),
  /** Unanswered past the team's limit (`hours`): passed on to the managers. */
  escalated: z.boolean(),
  hours: z.number(),
  replies: z.array(ReplyView),
});
export type QuestionView = z.infer<typeof QuestionView>;

export const NoteView = z.object({
  id: z.string(),
  kind: NoteKind,
  body: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.number(),
  source: z.nullable(NoteSource),
  /** Written here, not yet confirmed by the server. */
  pending: z.boolean(),
  /** When the text was last changed (its earlier versions: `noteRevisions`). */
  editedAt: z.nullable(z.number()),
  /** A deleted note is shown as a line saying who deleted it; its text is not sent. */
  deletedAt: z.nullable(z.number()),
  deletedByName: z.nullable(z.string()),
  /** A change note's topic and one-line summary. */
  change: z.nullable(NoteChange),
  /** For a change note: the names of who acknowledged it and of who is awaited. */
  seenBy: z.nullable(z.object({ seen: z.array(z.string()), waiting: z.array(z.string()) })),
  /** For a question: whom it asks, where it stands, and its answers oldest first. */
  question: z.optional(z.nullable(QuestionView)),
  /** Pinned to the top of the sidebar as a key fact. */
  pinned: z.boolean(),
  /** The text as it reads: the markdown subset, or a pasted conversation (model/note-format.ts). */
  doc: NoteDoc,
});
export type NoteView = z.infer<typeof NoteView>;

/** A key fact pinned at the top of the sidebar ("decision maker: …"): a pinned note, in short. */
export const PinnedView = z.pick(NoteView, { id: true, authorName: true, createdAt: true, doc: true });
export type PinnedView = z.infer<typeof PinnedView>;

export const NoteRevisionView = z.object({ id: z.string(), body: z.string(), at: z.number(), editorName: z.string() });
export type NoteRevisionView = z.infer<typeof NoteRevisionView>;

export const CandidateView = z.object({
  key: z.string(),
  name: z.string(),
  /** The existing customer this candidate resolves to, if any. */
  customerId: z.nullable(z.string()),
  people: z.array(z.object({ email: z.string(), name: z.string() })),
});
export type CandidateView = z.infer<typeof CandidateView>;

export const CustomerView = z.object({
  id: z.string(),
  name: z.string(),
  ownerId: z.nullable(z.string()),
  ownerName: z.nullable(z.string()),
  stage: z.string(),
});
export type CustomerView = z.infer<typeof CustomerView>;

export const SyncView = z.extend(SyncState, { pending: z.number().check(z.int(), z.nonnegative()) });
export type SyncView = z.infer<typeof SyncView>;

export const MemberView = z.object({ id: z.string(), name: z.string(), email: z.string(), role: Role, active: z.boolean() });
export type MemberView = z.infer<typeof MemberView>;

export const TaskView = z.extend(
  z.pick(Task, {
    id: true,
    customerId: true,
    title: true,
    assigneeId: true,
    dueAt: true,
    doneAt: true,
    noteId: true,
    source: true,
    createdBy: true,
    doneBy: true,
  }),
  {
    assigneeName: z.string(),
    customerName: z.string(),
    /** Queued here, not yet confirmed by the server. */
    pending: z.boolean(),
  },
);
export type TaskView = z.infer<typeof TaskView>;

export const EventView = z.extend(CustomerEvent, {
  actorName: z.string(),
  fromName: z.nullable(z.string()),
  toName: z.nullable(z.string()),
});
export type EventView = z.infer<typeof EventView>;

export const SidebarView = z.object({
  session: z.nullable(PublicSession),
  context: z.nullable(z.pick(PageContext, { site: true, url: true, title: true, layout: true })),
  candidates: z.array(CandidateView),
  /** The candidate shown: the one asked for, else the first that is already a customer, else the first. */
  selected: z.nullable(CandidateView),
  customer: z.nullable(CustomerView),
  notes: z.array(NoteView),
  /** The customer's follow-ups, open first (soonest due first), then done. */
  tasks: z.array(TaskView),
  /** Ownership and stage history, newest first. */
  history: z.array(EventView),
  /** What identifies the customer: addresses, domains, phones, CRM records, linked pages. */
  identities: z.array(z.object({ id: z.string(), kind: IdentityKind, value: z.string() })),
  /** The team's members (for assignees and hand-offs) and its stages. */
  members: z.array(MemberView),
  stages: z.array(z.string()),
  sync: SyncView,
  /** Refusals of my changes to this customer (and only this one), not yet dismissed. */
  refusals: z.array(Refusal),
  /** The latest hand-off of this customer to me by someone else, until I mark it read. */
  handOff: z.nullable(z.object({ eventId: z.string(), actorName: z.string(), note: z.string(), at: z.number() })),
  /** Change notes on this customer I still have to acknowledge, newest first. */
  acks: z.array(z.object({ noteId: z.string(), authorName: z.string(), change: NoteChange, at: z.number() })),
  /** Whether I follow this customer (told of its new notes, and one of those who acknowledge its changes). */
  following: z._default(z.boolean(), false),
  /** The customer's pinned notes, newest first, however old. */
  pinned: z.array(PinnedView),
});
export type SidebarView = z.infer<typeof SidebarView>;

const Span = z.tuple([z.number().check(z.int(), z.nonnegative()), z.number().check(z.int(), z.nonnegative())]);

/** One search result: a customer whose name matches, or a note (with its customer), marks for what matched. */
export const SearchHit = z.object({
  kind: z.enum(['customer', 'note']),
  customerId: z.string(),
  customerName: z.string(),
  nameMarks: z.array(Span),
  noteId: z.nullable(z.string()),
  noteKind: z.nullable(NoteKind),
  authorName: z.nullable(z.string()),
  /** The note's text around its first match, or the customer's name. */
  text: z.string(),
  marks: z.array(Span),
  at: z.number(),
  /** Where it opens: the note's page, else the page its customer was last written about on. */
  pageUrl: z.nullable(z.string()),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const CustomerLite = z.object({ id: z.string(), name: z.string(), ownerId: z.nullable(z.string()), updatedAt: z.number() });
export type CustomerLite = z.infer<typeof CustomerLite>;

/** A teammate's missed follow-up (open, past due), as a manager's popup shows it. */
export const MissedTaskView = z.extend(TaskView, {
  /** The page to open for it: where it was made, else the page of its customer's latest note. */
  pageUrl: z.nullable(z.string()),
  /** Overdue by more than the team's escalation limit. */
  escalated: z.boolean(),
});
export type MissedTaskView = z.infer<typeof MissedTaskView>;

/**
 * Where the popup's counts stop (shown as "999+"): IndexedDB counts a range by walking it, and a
 * number past a thousand says no more to a manager than "very many" does.
 */
export const COUNT_CAP = 999;
/** Customers the Team tab lists in each of its customer lists (the count says how many more). */
export const CUSTOMERS_LISTED = 8;
/** Unacknowledged changes the Team tab lists, the oldest first (the count says how many more). */
export const UNACKED_LISTED = 10;
/** A count up to COUNT_CAP, or COUNT_CAP + 1 for more than that. */
const CappedCount = z.number().check(z.int(), z.nonnegative(), z.lte(COUNT_CAP + 1));

/** Some of a longer list, with the length of the whole. */
const Counted = <T extends z.ZodMiniType>(item: T) => z.object({ count: CappedCount, items: z.array(item) });

/**
 * The team's missed follow-ups on a manager's first screen: those of everyone but the viewer
 * (their own are in `mine`), the most overdue first.
 */
export const TeamMissed = z.extend(Counted(MissedTaskView), { escalated: CappedCount });
export type TeamMissed = z.infer<typeof TeamMissed>;

/** One member's follow-ups due this week, as the weekly report counts them (model/followups.ts). */
export const WeekRow = z.object({
  memberId: z.string(),
  name: z.string(),
  doneOnTime: z.number().check(z.int(), z.nonnegative()),
  doneLate: z.number().check(z.int(), z.nonnegative()),
  missed: z.number().check(z.int(), z.nonnegative()),
  open: z.number().check(z.int(), z.nonnegative()),
});
export type WeekRow = z.infer<typeof WeekRow>;

/** The popup's Team tab (managers and admins). */
export const TeamOverview = z.object({
  /** The team's missed follow-ups (the viewer's own left out) per assignee, the most behind first. */
  missed: z.array(z.extend(Counted(MissedTaskView), { assigneeId: z.string(), assigneeName: z.string(), escalated: CappedCount })),
  /** This week per member who owns customers or has follow-ups. */
  week: z.array(WeekRow),
  /** Local midnight of this week's Monday. */
  weekStart: z.number(),
  /** Live customers with no owner, the latest activity first. */
  unowned: Counted(CustomerLite),
  /** Live customers quiet past the team's limit, the quietest first. */
  stale: Counted(CustomerLite),
  settings: TeamSettings,
  /** Change notes of the last 30 days someone has left unacknowledged for more than a day: their count and the oldest. */
  unacked: Counted(
    z.object({
      noteId: z.string(),
      customerId: z.string(),
      customerName: z.string(),
      authorName: z.string(),
      change: NoteChange,
      at: z.number(),
      waiting: z.array(z.string()),
    }),
  ),
});
export type TeamOverview = z.infer<typeof TeamOverview>;

/** What the board shows: every filter narrows every column. */
export const BoardFilters = z.object({
  /** One owner's customers ('' for those without one), or null for everyone's. */
  ownerId: z._default(z.nullable(z.string().check(z.maxLength(100))), null),
  /** The stages shown (empty: all of them). */
  stages: z._default(z.array(z.string().check(z.maxLength(40))).check(z.maxLength(20)), []),
  /** Only customers with an overdue follow-up. */
  overdue: z._default(z.boolean(), false),
  /** Only customers quiet past the team's limit. */
  quiet: z._default(z.boolean(), false),
  /** Only my customers (wins over `ownerId`). */
  mine: z._default(z.boolean(), false),
});
export type BoardFilters = z.infer<typeof BoardFilters>;

/** One customer on the board. */
export const BoardCard = z.object({
  id: z.string(),
  name: z.string(),
  stage: z.string(),
  ownerId: z.nullable(z.string()),
  ownerName: z.nullable(z.string()),
  updatedAt: z.number(),
  nextDueAt: z.nullable(z.number()),
  /** Overdue red, due today green, planned grey, none planned yellow. */
  state: z.enum(['overdue', 'today', 'planned', 'none']),
  quietDays: z.number().check(z.int(), z.nonnegative()),
  /** Under its stage's rule: going cold, or escalated to a manager. */
  breach: z.nullable(z.enum(['cold', 'escalated'])),
  /** Its stage's rule wants a follow-up and it has none open. */
  needsFollowUp: z.boolean(),
});
export type BoardCard = z.infer<typeof BoardCard>;

/** A column's (or owner cell's) first cards, and its count once counted (null before: counting walks the column). */
const CardsPage = z.object({ count: z.nullable(z.number().check(z.int(), z.nonnegative())), cards: z.array(BoardCard) });

export const GoalRowView = z.object({
  memberId: z.string(),
  name: z.string(),
  goals: z.array(z.object({ metric: GoalMetric, period: GoalPeriod, target: z.number(), done: z.number() })),
});
export type GoalRowView = z.infer<typeof GoalRowView>;

export const BoardView = z.object({
  session: z.nullable(PublicSession),
  members: z.array(MemberView),
  stages: z.array(z.string()),
  /** The filtered stages' columns, each with its first cards and (in the view's second emission) its count. */
  columns: z.array(z.extend(CardsPage, { stage: z.string() })),
  /** In rows by owner: one row per owner (null: no owner), a cell per column. */
  rows: z.array(
    z.object({
      ownerId: z.nullable(z.string()),
      ownerName: z.nullable(z.string()),
      cells: z.array(z.extend(CardsPage, { stage: z.string() })),
    }),
  ),
  goals: z.array(GoalRowView),
  stageRules: z.array(StageRule),
  /** A manager moves anyone's customers; a rep their own and unowned ones. */
  mayMoveAll: z.boolean(),
  maySetGoals: z.boolean(),
  now: z.number(),
});
export type BoardView = z.infer<typeof BoardView>;

/** A customer breaking its stage's rule, in the popup. */
export const RuleBreachView = z.object({
  customerId: z.string(),
  name: z.string(),
  stage: z.string(),
  ownerId: z.nullable(z.string()),
  kind: z.enum(['cold', 'escalated', 'noFollowUp']),
  idleDays: z.number().check(z.int()),
});
export type RuleBreachView = z.infer<typeof RuleBreachView>;

export const ReportRowView = z.object({
  memberId: z.string(),
  name: z.string(),
  notesWritten: z.number(),
  doneOnTime: z.number(),
  doneLate: z.number(),
  missed: z.number(),
  wentQuiet: z.number(),
});
export const WeeklyReportView = z.object({
  weekStart: z.number(),
  rows: z.array(ReportRowView),
  /** Change notes acknowledged within a day, questions answered and the median time: null until recorded. */
  acknowledgements: z.nullable(
    z.array(
      z.object({
        memberId: z.string(),
        /** Change notes of the week this member was to acknowledge, and those acknowledged within a day. */
        toAck: z.number(),
        ackedWithinDay: z.number(),
        /** Questions of the week asked of this member, those answered, and the median time to the first answer. */
        asked: z.number(),
        answered: z.number(),
        medianAnswerMs: z.nullable(z.number()),
      }),
    ),
  ),
});
export type WeeklyReportView = z.infer<typeof WeeklyReportView>;

/** A question in the popup of the one it asks (or of a manager it escalated to), answerable there. */
export const PopupQuestion = z.object({
  noteId: z.string(),
  customerName: z.string(),
  authorName: z.string(),
  askedOfName: z.string(),
  body: z.string(),
  at: z.number(),
  reason: z.enum(['asked', 'escalated']),
});
export type PopupQuestion = z.infer<typeof PopupQuestion>;

export const PopupMention = z.object({
  noteId: z.string(),
  customerName: z.string(),
  authorName: z.string(),
  body: z.string(),
  at: z.number(),
});
export type PopupMention = z.infer<typeof PopupMention>;

/** What the toolbar popup shows first: my follow-ups, and for managers the team's missed ones. */
export const PopupView = z.object({
  session: z.nullable(PublicSession),
  members: z.array(MemberView),
  /** My open follow-ups due within the next 7 days or already overdue, soonest first. */
  mine: z.array(TaskView),
  /** Managers and admins only (null for reps). */
  team: z.nullable(TeamMissed),
  /** Customers breaking the team's stage rules: mine going cold or without a follow-up; for managers, escalated ones. */
  breaches: z._default(z.array(RuleBreachView), []),
  /** My goals and how far I am this week or month. */
  goals: z._default(z.nullable(GoalRowView), null),
  /** Change notes of the last 30 days I still have to acknowledge, newest first. */
  acks: z.array(z.object({ noteId: z.string(), customerName: z.string(), authorName: z.string(), change: NoteChange, at: z.number() })),
  /** Open questions of the last 30 days asked of me, or escalated to me (a manager), oldest first. */
  questions: z._default(z.array(PopupQuestion), []),
  /** Notes of the last 7 days that mention me, newest first, until I mark them seen. */
  mentions: z._default(z.array(PopupMention), []),
  sync: SyncView,
});
export type PopupView = z.infer<typeof PopupView>;

/** This device's own reminder settings (not synced: each person sets their own). */
export const Prefs = z.object({
  /** Local hour of the daily digest, or null for none. */
  digestHour: z._default(z.nullable(z.number().check(z.int(), z.gte(0), z.lte(23))), 9),
  /** No notifications between these local hours (start > end wraps past midnight); null: never quiet. */
  quiet: z._default(
    z.nullable(
      z.object({ startHour: z.number().check(z.int(), z.gte(0), z.lte(23)), endHour: z.number().check(z.int(), z.gte(0), z.lte(23)) }),
    ),
    null,
  ),
});
export type Prefs = z.infer<typeof Prefs>;

const Empty = z.strictObject({});

export const requests = {
  /** Joins a team with an invite code; the device token is kept in extension storage only. */
  join: { args: JoinForm, result: PublicSession },
  /** Signs this device out and forgets the team's data on it. */
  leave: { args: Empty, result: z.null() },
  /**
   * Writes a note on the customer (created with its first note). `viewId` names the page it is
   * written on, kept with the note as its source when the background still knows that page.
   */
  addNote: {
    args: z.object({
      viewId: ViewId,
      target: CustomerTarget,
      noteId: ActionId,
      body: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_NOTE_LENGTH)),
      kind: z._default(NoteKind, 'note'),
      change: z.optional(z.nullable(NoteChange)),
      /** With kind `question`: the teammate it asks. */
      askedOf: z.optional(z.nullable(z.string().check(z.maxLength(100)))),
      /** Teammates the note @mentions (each is notified once). */
      mentions: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(50))),
    }),
    result: z.object({ noteId: z.string() }),
  },
  /** Answers a question (or adds to one's own): a reply under it, made once per `replyId`. */
  answerQuestion: {
    args: z.object({
      noteId: z.string(),
      replyId: ActionId,
      body: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_ANSWER_LENGTH)),
    }),
    result: z.null(),
  },
  /** The asker marks their question resolved. */
  resolveQuestion: { args: z.object({ noteId: z.string() }), result: z.null() },
  /** Follows a customer (or stops following it). */
  followCustomer: { args: z.object({ customerId: z.string(), follow: z.boolean() }), result: z.null() },
  /** Takes a note that mentions me off the popup's list (on this device). */
  dismissMention: { args: z.object({ noteId: z.string() }), result: z.null() },
  /** Says I have seen a change note (once per member; sending it again changes nothing). */
  acknowledgeChange: { args: z.object({ noteId: z.string() }), result: z.null() },
  /** Replaces a note's text; the old text is kept as a revision. */
  updateNote: {
    args: z.object({
      noteId: z.string(),
      revisionId: ActionId,
      body: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_NOTE_LENGTH)),
    }),
    result: z.null(),
  },
  /** Pins a note to the top of the customer's sidebar, or unpins it (anyone on the team). */
  pinNote: { args: z.object({ noteId: z.string(), pinned: z.boolean() }), result: z.null() },
  /** Deletes a note (its author; an admin too); the history says who did. */
  deleteNote: { args: z.object({ noteId: z.string(), eventId: ActionId }), result: z.null() },
  /** A note's earlier versions, newest first. */
  noteRevisions: { args: z.object({ noteId: z.string() }), result: z.array(NoteRevisionView) },
  /** Claims an unowned customer; refused (naming the owner) when someone was first. */
  claimCustomer: { args: z.object({ target: CustomerTarget, eventId: ActionId }), result: z.null() },
  /** Gives the customer to a teammate with a note; the open follow-ups can move with it. */
  handOffCustomer: {
    args: z.object({
      customerId: z.string(),
      toId: z.string(),
      note: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
      moveTasks: z.boolean(),
      eventId: ActionId,
    }),
    result: z.null(),
  },
  /** Asks the owner for a hand-off: a note on the customer mentioning them. */
  askHandOff: {
    args: z.object({
      customerId: z.string(),
      noteId: ActionId,
      body: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
      /** The page asked from: the note keeps it as where it was written. */
      viewId: z.optional(ViewId),
    }),
    result: z.null(),
  },
  /** Marks the hand-off pinned in my sidebar as read. */
  markHandOffRead: { args: z.object({ eventId: z.string() }), result: z.null() },
  /** Moves a customer to another stage (sidebar, board drag or keys); the stage's rule may add a follow-up. */
  setStage: {
    args: z.object({ customerId: z.string(), stage: z.string().check(z.minLength(1), z.maxLength(40)), eventId: ActionId }),
    result: z.null(),
  },
  /** Gives the customer the name the team knows it by; the old name stays in the history. */
  renameCustomer: {
    args: z.object({
      customerId: z.string(),
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_CUSTOMER_NAME)),
      eventId: ActionId,
    }),
    result: z.null(),
  },
  /** Customers whose name contains the query (the local copy), for linking and merging. */
  searchCustomers: { args: z.object({ query: z.string().check(z.maxLength(200)) }), result: z.array(CustomerLite) },
  /** Where a customer was last written about (a web page), looked up when a manager opens a Team tab item. */
  customerPage: { args: z.object({ customerId: z.string().check(z.minLength(1), z.maxLength(100)) }), result: z.nullable(z.string()) },
  /**
   * Every customer and note in the local database holding all the query's terms (Chinese by
   * characters, words by prefix), customers first, then the most recent; `pending`: writes not yet
   * indexed (a first sync still being read), 0 when the index is up to date.
   */
  search: {
    args: z.object({ query: z.string().check(z.maxLength(200)), limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 20) }),
    result: z.object({ hits: z.array(SearchHit), pending: z.number().check(z.int(), z.nonnegative()) }),
  },
  /** Links the page a sidebar is on to a customer by hand (or to a new customer named `name`). */
  linkPage: {
    args: z.object({
      viewId: ViewId,
      /** The page's link; also the new customer's id when one is made. */
      identityId: ActionId,
      customerId: z.nullable(z.string()),
      name: z._default(z.nullable(z.string().check(z.maxLength(200))), null),
    }),
    result: z.null(),
  },
  mergeCustomers: { args: z.object({ fromId: z.string(), intoId: z.string(), eventId: ActionId }), result: z.null() },
  moveIdentity: { args: z.object({ identityId: z.string(), toCustomerId: z.string(), eventId: ActionId }), result: z.null() },
  /** A follow-up on the customer (created with it if need be). */
  createTask: {
    args: z.object({
      viewId: ViewId,
      target: CustomerTarget,
      taskId: ActionId,
      title: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_TASK_TITLE)),
      dueAt: z.number().check(z.int(), z.positive()),
      assigneeId: z._default(z.nullable(z.string()), null),
      noteId: z._default(z.nullable(z.string()), null),
    }),
    result: z.null(),
  },
  updateTask: {
    args: z.object({
      id: z.string(),
      patch: z.object({
        title: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_TASK_TITLE))),
        dueAt: z.optional(z.number().check(z.int(), z.positive())),
        assigneeId: z.optional(z.string()),
      }),
    }),
    result: z.null(),
  },
  completeTask: { args: z.object({ id: z.string(), done: z.boolean() }), result: z.null() },
  /** Reminds a follow-up's assignee of it: a note on its customer that mentions them (and so notifies them). */
  nudgeTask: {
    args: z.object({
      taskId: z.string(),
      /** Made where the manager clicked, so that sending the request again never writes the note twice. */
      noteId: z.string().check(z.uuid()),
      body: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
    }),
    result: z.null(),
  },
  /** Deletes a follow-up (its creator or a manager); the history says who did. */
  deleteTask: { args: z.object({ id: z.string(), eventId: ActionId }), result: z.null() },
  /** A manager moves every customer and open follow-up of one member to another. */
  transferMember: { args: z.object({ fromId: z.string(), toId: z.string(), eventId: ActionId }), result: z.null() },
  updateTeamSettings: { args: z.object({ patch: z.partial(z.omit(TeamSettings, { goals: true })) }), result: z.null() },
  /** More cards of one board column (or, with `ownerId`, of one owner's cell). */
  boardCards: {
    args: z.object({
      filters: BoardFilters,
      stage: z.string().check(z.maxLength(40)),
      ownerId: z.optional(z.nullable(z.string().check(z.maxLength(100)))),
      offset: z.number().check(z.int(), z.nonnegative()),
      limit: z.number().check(z.int(), z.gte(1), z.lte(200)),
    }),
    result: z.object({ cards: z.array(BoardCard) }),
  },
  /** A manager sets one member's goal (target 0 removes it). */
  setGoal: {
    args: z.object({
      memberId: z.string().check(z.maxLength(100)),
      metric: GoalMetric,
      period: GoalPeriod,
      target: z.number().check(z.int(), z.gte(0), z.lte(100_000)),
    }),
    result: z.null(),
  },
  setPrefs: { args: Prefs, result: z.null() },
  /** Whether Sidenote runs on this page (built in, or turned on for the site by the user). */
  siteAccess: {
    args: z.object({ url: z.string().check(z.maxLength(4096)) }),
    result: z.object({ origin: z.nullable(z.string()), builtIn: z.boolean(), enabled: z.boolean() }),
  },
  /** Turns Sidenote on for a site whose permission the user just granted, and starts it in the tab. */
  enableSite: { args: z.object({ origin: z.string().check(z.url()), tabId: z.nullable(z.number().check(z.int())) }), result: z.null() },
  disableSite: { args: z.object({ origin: z.string().check(z.url()) }), result: z.null() },
  /** What the site adapters found on every open page (the options page's check). */
  checkPages: {
    args: Empty,
    result: z.array(
      z.object({
        tabId: z.nullable(z.number()),
        context: PageContext,
        candidates: z.array(z.object({ key: z.string(), name: z.string(), customerId: z.nullable(z.string()) })),
      }),
    ),
  },
  /** Pushes and pulls now. */
  syncNow: { args: Empty, result: z.null() },
  /** The team's counts of pages its site adapters recognised only in part, from the server (admins). */
  recognitionReport: { args: Empty, result: RecognitionSummary },
  /** Hides a refusal the user has read. */
  dismissRefusal: { args: z.object({ mutationID: z.number().check(z.int(), z.positive()) }), result: z.null() },

  // Devices and team administration: the server's /v1/devices and /v1/admin routes, called by
  // the background with this device's token; the server checks the role.
  /** This member's signed-in devices (`current`: this one). */
  myDevices: { args: Empty, result: MyDevices },
  /** Signs one of this member's devices out (an admin: any device of the team). */
  revokeDevice: { args: z.object({ deviceId: z.string().check(z.minLength(1), z.maxLength(100)) }), result: z.null() },
  /** A code (and link) that signs one more device in as me. */
  makeDeviceCode: { args: Empty, result: DeviceCode },
  /** Admins: the team's members with their devices, and pending invites. */
  adminMembers: { args: Empty, result: AdminMembers },
  createInvite: { args: z.object({ role: Role, days: z.number().check(z.int(), z.gte(1), z.lte(30)) }), result: NewInviteResult },
  withdrawInvite: { args: z.object({ inviteId: z.string().check(z.minLength(1), z.maxLength(100)) }), result: z.null() },
  /** Admins: change a member's role, deactivate (revokes every device) or reactivate them. */
  updateMember: {
    args: z.object({
      memberId: z.string().check(z.minLength(1), z.maxLength(100)),
      patch: z.object({ role: z.optional(Role), active: z.optional(z.boolean()) }),
    }),
    result: MemberAdminView,
  },
  /** Admins: a device code for another member (a new computer, or after reactivation). */
  memberDeviceCode: { args: z.object({ memberId: z.string().check(z.minLength(1), z.maxLength(100)) }), result: DeviceCode },
  /** Admins: the team's name and own mail domains. */
  updateTeam: {
    args: z.object({
      name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      domains: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(253))).check(z.maxLength(50))),
    }),
    result: z.null(),
  },
  /** Admins: a page of the activity log, newest first. */
  teamActivity: { args: z.object({ after: z.nullable(z.string().check(z.maxLength(200))) }), result: ActivityPage },
  /** Admins: all the team's data, as one JSON file or one table as CSV. */
  exportTeamData: {
    args: z.object({ format: z.enum(['json', 'csv']), table: z.optional(z.enum(CSV_TABLES)) }),
    result: z.object({ filename: z.string(), mime: z.string(), text: z.string() }),
  },
  /** Admins: an export file imported into this (empty) team. */
  importTeamData: { args: z.object({ text: z.string().check(z.maxLength(64 * 1024 * 1024)) }), result: z.record(z.string(), z.number()) },
  /**
   * Whether this page view is the sidebar's to show: a view its own tab's content script reported
   * (the background refuses any other). The sidebar asks with each key posted into its frame.
   */
  openView: { args: z.object({ viewId: ViewId }), result: z.boolean() },
  /** Collapses the sidebar of this page view (Esc in the sidebar). */
  closeSidebar: { args: z.object({ viewId: ViewId }), result: z.null() },
} as const;

export const subscriptions = {
  /** Who this device is signed in as (null when it has not joined). */
  session: { args: Empty, result: z.nullable(PublicSession) },
  /** This device's reminder settings. */
  prefs: { args: Empty, result: Prefs },
  /** The team's members and settings (the options page). */
  team: { args: Empty, result: z.nullable(z.object({ members: z.array(MemberView), settings: TeamSettings })) },
  /** The toolbar popup's follow-ups. */
  popup: { args: Empty, result: PopupView },
  /** The popup's Team tab, for managers and admins (null for reps). */
  teamOverview: { args: Empty, result: z.nullable(TeamOverview) },
  /** Rows the last pulls could not read and kept aside (the options page shows them). */
  setAside: {
    args: Empty,
    result: z.array(z.object({ key: z.string(), table: z.string(), id: z.nullable(z.string()), error: z.string(), at: z.number() })),
  },
  /** The board page: columns by stage (or rows by owner) with the first cards, and everyone's goals; then again with the counts. */
  board: {
    args: z.object({ filters: BoardFilters, layout: z._default(z.enum(['stage', 'owner']), 'stage') }),
    result: z.nullable(BoardView),
  },
  /** The weekly report of this week (0) or an earlier one, for managers (null for reps). */
  weeklyReport: {
    args: z.object({ weeksAgo: z._default(z.number().check(z.int(), z.gte(0), z.lte(52)), 0) }),
    result: z.nullable(WeeklyReportView),
  },
  /** Everything the sidebar of one host page shows, pushed again whenever it changes. */
  sidebar: {
    args: z.object({ viewId: ViewId, candidateKey: z._default(z.nullable(CandidateKey), null) }),
    result: SidebarView,
  },
} as const;

export type Requests = typeof requests;
export type Subscriptions = typeof subscriptions;
export type RequestName = keyof Requests;
export type SubscriptionName = keyof Subscriptions;
export type ArgsOf<T extends { args: z.ZodMiniType }> = z.input<T['args']>;
export type ResultOf<T extends { result: z.ZodMiniType }> = z.infer<T['result']>;

export const RowIdentity = z.object({ kind: IdentityKind, value: z.string().check(z.minLength(1), z.maxLength(2048)) });
export type RowIdentity = z.infer<typeof RowIdentity>;

/** What a content script tells the background over its `page` Port. */
export const PageMessage = z.discriminatedUnion('type', [
  /** The customer context of the page changed (or is first known). */
  z.object({ type: z.literal('context'), viewId: ViewId, context: PageContext }),
  /** The identities of the list rows on screen, to badge with their customer's owner. */
  z.object({ type: z.literal('rows'), viewId: ViewId, identities: z.array(RowIdentity).check(z.maxLength(1000)) }),
]);
export type PageMessage = z.infer<typeof PageMessage>;

/**
 * What the background tells a content script: the owner of each row identity that is a
 * customer (identities that are not are left out). The content script checks this shape by
 * hand (content/badges.ts) to stay small.
 */
export interface BadgesMessage {
  type: 'badges';
  viewId: string;
  badges: { kind: string; value: string; ownerId: string | null; ownerName: string | null; customerName: string }[];
}

/**
 * What the background tells a content script to do with its sidebar: toggle it (the keyboard
 * command), or close it (Esc inside the sidebar). Checked by hand like BadgesMessage.
 */
export interface SidebarCommandMessage {
  type: 'sidebar';
  action: 'toggle' | 'close';
}

/**
 * What the background tells a content script once its page's site is known, and again whenever
 * the team publishes a new selector file: the team's selectors for that site's adapter, by key
 * (empty when none). Checked by hand in content/selectors.ts, to keep content scripts small.
 */
export interface SelectorsMessage {
  type: 'selectors';
  site: string;
  selectors: Record<string, string[]>;
}

export { API_PORT, PAGE_PORT } from './ports';
