import { EVERY_KEY, MARKS_PER_WRITE, type MarkKind } from './marks';
import { writeListeners } from './side-table';

/*
 * The marks of client/awaiting.ts (client/marks.ts): every write that can change who has still to
 * acknowledge a change note (a change note, an acknowledgement or follow line, a follow-up, a
 * customer) also writes its customer's id into `$ackDirty`, in the same transaction.
 */

export const DIRTY_TABLE = '$ackDirty';
/** The mark for "decide every customer again". */
export const EVERY_CUSTOMER = EVERY_KEY;
export { MARKS_PER_WRITE };

const marked = writeListeners();

/** Calls `listener` (in this context) after customers were marked; returns the unsubscribe function. */
export const onMarked = (listener: () => void): (() => void) => marked.listen(listener);

export const ACK_MARKS: MarkKind = {
  table: DIRTY_TABLE,
  field: 'customerId',
  watched: {
    customers: 'own key',
    tasks: (row) => row.customerId as string,
    notes: (row) => (row.kind === 'change' ? (row.customerId as string) : null),
    customerEvents: (row) => (row.type === 'ack' || row.type === 'follow' || row.type === 'unfollow' ? (row.customerId as string) : null),
  },
  listeners: marked,
};
