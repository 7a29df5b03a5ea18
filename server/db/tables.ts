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
} as const satisfies Record<TableName, keyof Database>;

/**
 * A synced table other than `teams`, typed as one representative table: they all have `id`,
 * `team_id` and `version`, and Kysely cannot type a query over a union of table names.
 */
export function teamSqlTable(table: Exclude<TableName, 'teams'>): 'customers' {
  return SQL_TABLE[table] as 'customers';
}
