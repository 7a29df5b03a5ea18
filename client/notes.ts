import type { Candidate, PageContext } from '@/model/context';
import type { Actor } from '@/model/mutators';
import type { NoteKind } from '@/model/schemas';
import type { SidenoteDB } from './db';
import { mutate, type PendingMutation } from './mutate';
import { resolveCandidate } from './resolve';

export interface NewNote {
  noteId: string;
  body: string;
  kind: NoteKind;
}

/**
 * Writes a note on the customer a page shows, creating that customer with its first note
 * (company by domain, or the free-mail person by address). Idempotent by note id, so a page
 * may send the same request again after the worker restarted.
 */
export async function addNoteOnCandidate(
  db: SidenoteDB,
  actor: Actor,
  context: Pick<PageContext, 'site' | 'url' | 'title'>,
  candidate: Pick<Candidate, 'name' | 'lookups' | 'identities'>,
  note: NewNote,
): Promise<void> {
  if (await db.notes.get(note.noteId)) return;
  const existing = await resolveCandidate(db, candidate);
  const customerId = existing?.id ?? crypto.randomUUID();
  const mutations: PendingMutation[] = [];
  if (!existing) {
    const identities = candidate.identities.map((i) => ({ ...i, id: crypto.randomUUID() }));
    mutations.push({ name: 'createCustomer', args: { id: customerId, name: candidate.name, identities } });
  }
  const source = { site: context.site, url: context.url.slice(0, 2048), title: context.title.slice(0, 500) };
  mutations.push({ name: 'createNote', args: { id: note.noteId, customerId, body: note.body, kind: note.kind, source } });
  await mutate(db, actor, mutations);
}
