import type { Row, TableName } from '../../model/schemas';
import type { Database } from './schema';

/**
 * The columns of each synced table that a model row decides. Columns the model does not
 * carry are left to whoever inserts the row: a team's head_version and created_at, a
 * member's created_at.
 */
export type ModelColumns = {
  teams: Omit<Database['teams'], 'head_version' | 'created_at'>;
  members: Omit<Database['members'], 'created_at'>;
  customers: Database['customers'];
  identities: Database['identities'];
  notes: Database['notes'];
  noteRevisions: Database['note_revisions'];
  tasks: Database['tasks'];
  customerEvents: Database['customer_events'];
};

/** Converts a model row to its columns, scoped to `teamId` and stamped with `version`. */
export const toColumns: { [T in TableName]: (row: Row<T>, teamId: string, version: number) => ModelColumns[T] } = {
  teams: (t, _teamId, version) => ({
    id: t.id,
    name: t.name,
    domains: JSON.stringify(t.domains),
    settings: JSON.stringify(t.settings),
    version,
  }),
  members: (m, teamId, version) => ({
    id: m.id,
    team_id: teamId,
    name: m.name,
    email: m.email,
    role: m.role,
    active: m.active ? 1 : 0,
    version,
  }),
  customers: (c, teamId, version) => ({
    id: c.id,
    team_id: teamId,
    name: c.name,
    owner_id: c.ownerId,
    stage: c.stage,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    deleted_at: c.deletedAt,
    merged_into_id: c.mergedIntoId,
    version,
  }),
  identities: (i, teamId, version) => ({
    id: i.id,
    team_id: teamId,
    customer_id: i.customerId,
    kind: i.kind,
    value: i.value,
    deleted_at: i.deletedAt,
    version,
  }),
  notes: (n, teamId, version) => ({
    id: n.id,
    team_id: teamId,
    customer_id: n.customerId,
    author_id: n.authorId,
    kind: n.kind,
    change: n.change === null ? null : JSON.stringify(n.change),
    question: n.question ? JSON.stringify(n.question) : null,
    body: n.body,
    visibility: n.visibility,
    mentions: JSON.stringify(n.mentions),
    pinned: n.pinned ? 1 : 0,
    source: n.source === null ? null : JSON.stringify(n.source),
    created_at: n.createdAt,
    edited_at: n.editedAt,
    deleted_at: n.deletedAt,
    version,
  }),
  noteRevisions: (r, teamId, version) => ({
    id: r.id,
    team_id: teamId,
    note_id: r.noteId,
    customer_id: r.customerId,
    note_author_id: r.noteAuthorId,
    visibility: r.visibility,
    editor_id: r.editorId,
    body: r.body,
    at: r.at,
    version,
  }),
  tasks: (t, teamId, version) => ({
    id: t.id,
    team_id: teamId,
    customer_id: t.customerId,
    title: t.title,
    assignee_id: t.assigneeId,
    due_at: t.dueAt,
    done_at: t.doneAt,
    done_by: t.doneBy,
    created_by: t.createdBy,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    note_id: t.noteId,
    source: t.source === null ? null : JSON.stringify(t.source),
    deleted_at: t.deletedAt,
    version,
  }),
  customerEvents: (e, teamId, version) => ({
    id: e.id,
    team_id: teamId,
    customer_id: e.customerId,
    type: e.type,
    actor_id: e.actorId,
    at: e.at,
    from_value: e.from,
    to_value: e.to,
    note: e.note,
    version,
  }),
};
