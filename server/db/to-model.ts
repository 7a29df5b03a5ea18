import { TeamSettings, type Row, type TableName } from '../../model/schemas';
import type { Database } from './schema';
import type { SQL_TABLE } from './tables';

// Rows were validated by zod on their way in, so reading them back only reshapes them:
// snake_case to camelCase, JSON text to values, 0/1 to booleans. Team settings alone are
// re-parsed, so a setting added later gets its default on old rows. Number() on bigint
// columns is for PostgreSQL, whose driver returns them as strings.

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

function jsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : json<T>(text);
}

type Narrow<T extends TableName, K extends keyof Row<T>> = Row<T>[K];

/** Converts a database row of each synced table to its model shape (model/schemas.ts). */
export const toModel: { [T in TableName]: (row: Database[(typeof SQL_TABLE)[T]]) => Row<T> } = {
  teams: (r) => ({
    id: r.id,
    name: r.name,
    domains: json<string[]>(r.domains),
    settings: TeamSettings.parse(json(r.settings)),
  }),
  members: (r) => ({
    id: r.id,
    teamId: r.team_id,
    name: r.name,
    email: r.email,
    role: r.role as Narrow<'members', 'role'>,
    active: r.active === 1,
  }),
  customers: (r) => ({
    id: r.id,
    name: r.name,
    ownerId: r.owner_id,
    stage: r.stage,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
    mergedIntoId: r.merged_into_id,
  }),
  identities: (r) => ({
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind as Narrow<'identities', 'kind'>,
    value: r.value,
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
  }),
  notes: (r) => ({
    id: r.id,
    customerId: r.customer_id,
    authorId: r.author_id,
    kind: r.kind as Narrow<'notes', 'kind'>,
    change: jsonOrNull<Narrow<'notes', 'change'>>(r.change),
    body: r.body,
    visibility: r.visibility as Narrow<'notes', 'visibility'>,
    mentions: json<string[]>(r.mentions),
    pinned: r.pinned === 1,
    source: jsonOrNull<Narrow<'notes', 'source'>>(r.source),
    createdAt: Number(r.created_at),
    editedAt: r.edited_at === null ? null : Number(r.edited_at),
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
    // Only questions carry it (migration 0008): other notes read as they always did.
    ...(r.question ? { question: json<NonNullable<Narrow<'notes', 'question'>>>(r.question) } : {}),
  }),
  noteRevisions: (r) => ({
    id: r.id,
    noteId: r.note_id,
    customerId: r.customer_id,
    noteAuthorId: r.note_author_id,
    visibility: r.visibility as Narrow<'noteRevisions', 'visibility'>,
    editorId: r.editor_id,
    body: r.body,
    at: Number(r.at),
  }),
  tasks: (r) => ({
    id: r.id,
    customerId: r.customer_id,
    title: r.title,
    assigneeId: r.assignee_id,
    dueAt: Number(r.due_at),
    doneAt: r.done_at === null ? null : Number(r.done_at),
    doneBy: r.done_by,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    noteId: r.note_id,
    source: jsonOrNull<Narrow<'tasks', 'source'>>(r.source),
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
  }),
  customerEvents: (r) => ({
    id: r.id,
    customerId: r.customer_id,
    type: r.type as Narrow<'customerEvents', 'type'>,
    actorId: r.actor_id,
    at: Number(r.at),
    from: r.from_value,
    to: r.to_value,
    note: r.note,
  }),
};
