import { z } from 'zod';

/** What the sync engine tells the pages: the sidebar's status line, the popup's. */
export const SyncState = z.object({
  state: z.enum(['signed-out', 'syncing', 'synced', 'pending', 'offline', 'error']),
  /** Words for the user when state is `error` or `offline`. */
  message: z.string().nullable(),
  /** The error's code, so the UI can pick a translated sentence. */
  code: z.string().nullable(),
  lastSyncAt: z.number().nullable(),
  /** While a pull from nothing runs (a new device): rows arrived, of how many. */
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable().default(null),
});
export type SyncState = z.infer<typeof SyncState>;
