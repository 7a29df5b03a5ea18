import type { Refusal } from '@/model/sync';
import type { SidenoteDB } from '../db';
import { requireEpoch } from './recover';

/**
 * Stores refusals once each (push answers and pulls may both report one), each with the
 * customers its mutation was about, read from the outbox entry: call it before the entry is
 * dropped. With `epoch`, nothing is stored when the database was reset since the request was sent.
 */
export async function recordRefusals(
  db: SidenoteDB,
  refusals: Refusal[],
  { epoch, now = Date.now() }: { epoch?: string; now?: number } = {},
): Promise<void> {
  if (refusals.length === 0) return;
  await db.transaction('rw', [db.$refusals, db.$state, db.$outbox, db.notes, db.tasks, db.identities], async () => {
    await requireEpoch(db, epoch);
    for (const r of refusals) {
      if (await db.$refusals.get(r.mutationID)) continue;
      const entry = await db.$outbox.get(r.mutationID);
      const customerIds = entry ? await customersOf(db, entry.name, entry.args) : [];
      await db.$refusals.put({ ...r, at: now, seen: false, customerIds });
    }
  });
}

/** The customers a mutation is about, from its arguments (or the row it changes). */
async function customersOf(db: SidenoteDB, name: string, raw: unknown): Promise<string[]> {
  const args = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof args[key] === 'string' ? (args[key] as string) : null);
  const ids = (() => {
    switch (name) {
      case 'createCustomer':
        return [text('id')];
      case 'mergeCustomers':
        return [text('fromId'), text('intoId')];
      case 'moveIdentity':
        return [text('toCustomerId')];
      default:
        return [text('customerId')];
    }
  })();
  // Mutations of a note, follow-up or address name the row, not its customer.
  const id = text('id') ?? text('identityId');
  if (id && name !== 'createCustomer') {
    const row = (await db.notes.get(id)) ?? (await db.tasks.get(id)) ?? (await db.identities.get(id));
    if (row) ids.push(row.customerId);
  }
  return [...new Set(ids.filter((x): x is string => x !== null))];
}
