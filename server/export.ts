import type { Kysely } from 'kysely';
import { z } from '../model/z';
import { ActivityEntry, type CsvTable } from '../model/admin';
import { CustomerEvent, Customer, Identity, Member, Note, NoteRevision, Task, Team, type TableName } from '../model/schemas';
import type { Database } from './db/schema';
import { teamSqlTable } from './db/tables';
import { toModel } from './db/to-model';

const MAX_ROWS = 2_000_000;

/**
 * A team's data as one JSON document (`GET /v1/admin/export`), and what `POST /v1/admin/import`
 * accepts into an empty team. Private notes are their authors' alone: an export carries only
 * the exporting admin's own.
 */
export const TeamExport = z.object({
  format: z.literal('sidenote-export'),
  version: z.literal(1),
  exportedAt: z.number().check(z.int(), z.nonnegative()),
  team: Team,
  members: z.array(Member).check(z.maxLength(10_000)),
  customers: z.array(Customer).check(z.maxLength(MAX_ROWS)),
  identities: z.array(Identity).check(z.maxLength(MAX_ROWS)),
  notes: z.array(Note).check(z.maxLength(MAX_ROWS)),
  noteRevisions: z.array(NoteRevision).check(z.maxLength(MAX_ROWS)),
  tasks: z.array(Task).check(z.maxLength(MAX_ROWS)),
  customerEvents: z.array(CustomerEvent).check(z.maxLength(MAX_ROWS)),
  activity: z.array(ActivityEntry).check(z.maxLength(MAX_ROWS)),
});
export type TeamExport = z.infer<typeof TeamExport>;

/** The tables an export carries rows of, in the order an import writes them (parents first). */
export const EXPORTED_TABLES = [
  'members',
  'customers',
  'identities',
  'notes',
  'noteRevisions',
  'tasks',
  'customerEvents',
] as const satisfies readonly Exclude<TableName, 'teams'>[];

async function rowsOf<T extends (typeof EXPORTED_TABLES)[number]>(db: Kysely<Database>, table: T, teamId: string) {
  const rows = await db.selectFrom(teamSqlTable(table)).selectAll().where('team_id', '=', teamId).orderBy('id').execute();
  return rows.map((r) => (toModel[table] as (r: unknown) => z.infer<(typeof TeamExport.shape)[T]>[number])(r));
}

/** Whether an activity entry tells of a private note (the log never should; older logs did). */
function aboutPrivateNote(payload: Record<string, unknown>): boolean {
  return payload.visibility === 'private';
}

/** Everything of the team that `exporterId` may see, as one document. */
export async function exportTeam(db: Kysely<Database>, teamId: string, exporterId: string, now: number): Promise<TeamExport> {
  const team = toModel.teams(await db.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirstOrThrow());
  const mine = (visibility: string, authorId: string) => visibility !== 'private' || authorId === exporterId;
  const [members, customers, identities, notes, noteRevisions, tasks, customerEvents] = await Promise.all([
    rowsOf(db, 'members', teamId),
    rowsOf(db, 'customers', teamId),
    rowsOf(db, 'identities', teamId),
    rowsOf(db, 'notes', teamId),
    rowsOf(db, 'noteRevisions', teamId),
    rowsOf(db, 'tasks', teamId),
    rowsOf(db, 'customerEvents', teamId),
  ]);
  const activity = (await db.selectFrom('activity').selectAll().where('team_id', '=', teamId).orderBy('at').orderBy('id').execute())
    .map((r) => ({
      id: r.id,
      at: Number(r.at),
      actorId: r.actor_id,
      type: r.type,
      customerId: r.customer_id,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
    }))
    .filter((a) => !aboutPrivateNote(a.payload));
  return {
    format: 'sidenote-export',
    version: 1,
    exportedAt: now,
    team,
    members,
    customers,
    identities,
    notes: notes.filter((n) => mine(n.visibility, n.authorId)),
    noteRevisions: noteRevisions.filter((r) => mine(r.visibility, r.noteAuthorId)),
    tasks,
    customerEvents,
    activity,
  };
}

function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A cell starting like a formula would run in Excel or WPS when the file is opened.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table of an export as CSV (a header row of field names, then a row per record), with a BOM so Excel reads UTF-8. */
export function exportCsv(data: TeamExport, table: CsvTable): string {
  const rows = data[table] as Record<string, unknown>[];
  const fields = Object.keys((TeamExport.shape[table].def.element as z.ZodMiniObject).shape);
  const lines = [fields.map(csvCell).join(','), ...rows.map((row) => fields.map((f) => csvCell(row[f])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
