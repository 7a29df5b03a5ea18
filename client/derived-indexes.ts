import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import type { Customer, CustomerEvent, Task } from '@/model/schemas';

/*
 * Fields Dexie stores beside a synced row only so that an index can hold a subset of the rows.
 * IndexedDB leaves a row out of an index whose key the row lacks (and null is not a key), so an
 * index on a field that is present only while a condition holds lists exactly the rows for which
 * it holds: the manager's popup counts and reads the team's missed follow-ups, or its customers
 * without an owner, without walking years of done follow-ups or every customer.
 */

/** A follow-up as Dexie stores it. */
export type StoredTask = Task & {
  /** Its due time while it is open (not done, not deleted); absent otherwise. */
  openDueAt?: number;
};

/** A customer as Dexie stores it. */
export type StoredCustomer = Customer & {
  /** Its last activity while it is live (not deleted, not merged into another). */
  liveUpdatedAt?: number;
  /** Its last activity while it is live and has no owner. */
  unownedUpdatedAt?: number;
  /** Its stage while it is live: the board's columns. */
  liveStage?: string;
  /** Its owner ('' for none) while it is live: the board's rows and owner filter. */
  liveOwner?: string;
};

/** A history line as Dexie stores it. */
export type StoredEvent = CustomerEvent & {
  /** Its customer while it is a follow or unfollow line: who follows which customer, in one read. */
  followOf?: string;
};

/** The follow-up with its derived fields set from its own. */
export function storedTask(task: Task): StoredTask {
  const { openDueAt: _old, ...row } = task as StoredTask;
  return task.doneAt === null && task.deletedAt === null ? { ...row, openDueAt: task.dueAt } : row;
}

/** The customer with its derived fields set from its own. */
export function storedCustomer(customer: Customer): StoredCustomer {
  const { liveUpdatedAt: _live, unownedUpdatedAt: _unowned, liveStage: _stage, liveOwner: _owner, ...row } = customer as StoredCustomer;
  if (customer.deletedAt !== null || customer.mergedIntoId !== null) return row;
  const live = { ...row, liveUpdatedAt: customer.updatedAt, liveStage: customer.stage, liveOwner: customer.ownerId ?? '' };
  return customer.ownerId === null ? { ...live, unownedUpdatedAt: customer.updatedAt } : live;
}

/** The history line with its derived field set from its own. */
export function storedEvent(event: CustomerEvent): StoredEvent {
  const { followOf: _old, ...row } = event as StoredEvent;
  return event.type === 'follow' || event.type === 'unfollow' ? { ...row, followOf: event.customerId } : row;
}

const DERIVE: Record<string, (row: never) => object> = { tasks: storedTask, customers: storedCustomer, customerEvents: storedEvent };
const DERIVED_FIELDS = ['openDueAt', 'liveUpdatedAt', 'unownedUpdatedAt', 'liveStage', 'liveOwner', 'followOf'];

/** A stored row as the server sent it: without the fields kept only for an index. */
export function syncedRow<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([field]) => !DERIVED_FIELDS.includes(field))) as T;
}

/**
 * Keeps the derived fields true on every row written, whoever writes it (the optimistic
 * mutators, a pull's bulkPut, a rebase putting the server's row back), so no writer has to
 * remember them.
 */
export const derivedIndexes: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'derivedIndexes',
  create: (down) => ({
    ...down,
    table(name) {
      const table = down.table(name);
      const derive = DERIVE[name];
      if (!derive) return table;
      return {
        ...table,
        mutate(req: DBCoreMutateRequest) {
          if (req.type !== 'put' && req.type !== 'add') return table.mutate(req);
          return table.mutate({ ...req, values: req.values.map((row) => derive(row as never)) });
        },
      };
    },
  }),
};
