/**
 * The server's tables as Kysely sees them. Column conventions keep PostgreSQL a drop-in:
 * timestamps are milliseconds in `bigint` columns, booleans are integers 0/1, JSON is text.
 * `version` on a synced row is the team version of the transaction that last wrote it.
 */

export interface TeamsTable {
  id: string;
  name: string;
  /** JSON array of the team's own mail domains. */
  domains: string;
  /** JSON of `TeamSettings`. */
  settings: string;
  /** The team's counter, bumped once by every transaction that writes team data. */
  head_version: number;
  /** Row version of the team row itself. */
  version: number;
  created_at: number;
}

export interface InvitesTable {
  id: string;
  /** SHA-256 hex of the canonical invite code: the code itself is never stored. */
  code_hash: string;
  team_id: string;
  role: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by_member_id: string | null;
  /** Set for a device code: the member it signs a device in as. An invite makes a new member. */
  member_id: string | null;
  /** The admin who made it; null when made on the command line. */
  created_by: string | null;
}

export interface MembersTable {
  id: string;
  team_id: string;
  name: string;
  email: string;
  role: string;
  active: number;
  created_at: number;
  version: number;
}

/** A signed-in device: one per join, with its own bearer token. */
export interface TokensTable {
  /** The device's id, shown to its member and admins (never the token). */
  id: string;
  /** SHA-256 hex of the bearer token. */
  hash: string;
  member_id: string;
  team_id: string;
  /** What the device said it is when it joined (browser and system), for the device list. */
  label: string;
  created_at: number;
  /** Updated at most every few minutes, so a pull does not write. */
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface ClientsTable {
  id: string;
  team_id: string;
  member_id: string;
  last_mutation_id: number;
  created_at: number;
  updated_at: number;
}

export interface RefusalsTable {
  client_id: string;
  mutation_id: number;
  name: string;
  code: string;
  message: string;
  /** JSON object of strings. */
  params: string;
  at: number;
}

export interface CustomersTable {
  id: string;
  team_id: string;
  name: string;
  owner_id: string | null;
  stage: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  merged_into_id: string | null;
  version: number;
}

export interface IdentitiesTable {
  id: string;
  team_id: string;
  customer_id: string;
  kind: string;
  value: string;
  deleted_at: number | null;
  version: number;
}

export interface NotesTable {
  id: string;
  team_id: string;
  customer_id: string;
  author_id: string;
  kind: string;
  /** JSON of `NoteChange`, or null. */
  change: string | null;
  /** JSON of `NoteQuestion` on a question, else null (migration 0008). */
  question: string | null;
  body: string;
  visibility: string;
  /** JSON array of member ids. */
  mentions: string;
  pinned: number;
  /** JSON of `NoteSource`, or null. */
  source: string | null;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  version: number;
}

export interface NoteRevisionsTable {
  id: string;
  team_id: string;
  note_id: string;
  customer_id: string;
  note_author_id: string;
  visibility: string;
  editor_id: string;
  body: string;
  at: number;
  version: number;
}

export interface TasksTable {
  id: string;
  team_id: string;
  customer_id: string;
  title: string;
  assignee_id: string;
  due_at: number;
  done_at: number | null;
  done_by: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  note_id: string | null;
  /** JSON of `NoteSource`, or null. */
  source: string | null;
  deleted_at: number | null;
  version: number;
}

export interface CustomerEventsTable {
  id: string;
  team_id: string;
  customer_id: string;
  type: string;
  actor_id: string;
  at: number;
  from_value: string | null;
  to_value: string | null;
  note: string;
  version: number;
}

export interface ActivityTable {
  id: string;
  team_id: string;
  version: number;
  at: number;
  actor_id: string;
  type: string;
  customer_id: string | null;
  /** JSON object. */
  payload: string;
}

/** The server's own key–value state (`epoch`: this database's history, new in every backup copy). */
export interface ServerStateTable {
  key: string;
  value: string;
}

/** A team's published selector file (model/selectors.ts `SelectorFile`). */
export interface TeamSelectorsTable {
  team_id: string;
  /** JSON of `SelectorFile`. */
  body: string;
  /** A hash of `body`: clients that hold this version get no body back. */
  etag: string;
  published_at: number;
  /** The member who published it over HTTP; null from the admin command line. */
  published_by: string | null;
}

/** Page views recognised only in part (or not at all), counted per site, host, view and what was missing. */
export interface RecognitionCountsTable {
  team_id: string;
  site: string;
  host: string;
  view: string;
  layout: string;
  /** The missing parts, sorted and comma-joined ('' when none were named). */
  missing: string;
  count: number;
  first_seen_at: number;
  last_seen_at: number;
}

export interface Database {
  teams: TeamsTable;
  invites: InvitesTable;
  members: MembersTable;
  tokens: TokensTable;
  clients: ClientsTable;
  refusals: RefusalsTable;
  customers: CustomersTable;
  identities: IdentitiesTable;
  notes: NotesTable;
  note_revisions: NoteRevisionsTable;
  tasks: TasksTable;
  customer_events: CustomerEventsTable;
  activity: ActivityTable;
  server_state: ServerStateTable;
  team_selectors: TeamSelectorsTable;
  recognition_counts: RecognitionCountsTable;
}
