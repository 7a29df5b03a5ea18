import { z } from '../../model/z';

/** What the sync engine tells the pages: the sidebar's status line, the popup's. */
export const SyncState = z.object({
  state: z.enum(['signed-out', 'syncing', 'synced', 'pending', 'offline', 'error']),
  /** Words for the user when state is `error` or `offline`. */
  message: z.nullable(z.string()),
  /** The error's code, so the UI can pick a translated sentence. */
  code: z.nullable(z.string()),
  lastSyncAt: z.nullable(z.number()),
  /** While a pull from nothing runs (a new device): rows arrived, of how many. */
  progress: z._default(
    z.nullable(z.object({ done: z.number().check(z.int(), z.nonnegative()), total: z.number().check(z.int(), z.nonnegative()) })),
    null,
  ),
});
export type SyncState = z.infer<typeof SyncState>;
