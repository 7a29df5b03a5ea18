import type { TableName } from '../../model/schemas';
import type { Database } from './schema';

/** The SQL table that holds each synced model table (SQL names are snake_case). */
export const SQL_TABLE = {
  teams: 'teams',
  members: 'members',
  customers: 'customers',
  identities: 'identities',
  notes: 'notes',
  noteRevisions: 'note_revisions',
  tasks: 'tasks',
  customerEvents: 'customer_events',
} as const satisfies Record<TableName, keyof Database>;

/**
 * A synced table other than `teams`, typed as one representative table: they all have `id`,
 * `team_id` and `version`, and Kysely cannot type a query over a union of table names.
 */
export function teamSqlTable(table: Exclude<TableName, 'teams'>): 'customers' {
  return SQL_TABLE[table] as 'customers';
}

/** The SQL column of each field a mutator may list rows by (model/mutators/kit.ts `Indexed`). */
export const SQL_INDEXED_COLUMN = {
  ownerId: 'owner_id',
  customerId: 'customer_id',
  assigneeId: 'assignee_id',
} as const;
