import { z } from '../model/z';
import type { PageContext } from '@/model/context';
import { RecognitionCount } from '@/model/selectors';
import { coalesced } from './coalesce';
import type { SidenoteDB } from './db';
import type { Session } from './session';
import { callServer } from './sync/http';

const META_KEY = 'recognitionCounts';

export interface RecognitionOptions {
  /** How long a page must stay recognised only in part before it counts: pages render in steps. */
  settleMs?: number;
  /** How long after a new count the counts go to the server, so one report carries several. */
  reportAfterMs?: number;
  transport?: typeof fetch;
}

/** The count a partly recognised page adds to, or null when the page was read in full (or shows no one customer). */
export function recognitionKey(context: PageContext): Omit<RecognitionCount, 'count'> | null {
  if (context.layout === 'idle' && !context.missing.length) return null;
  if (context.layout === 'recognised' && !context.missing.length) return null;
  let host: string;
  try {
    host = new URL(context.url).hostname;
  } catch {
    return null;
  }
  const layout = context.layout === 'unrecognised' ? 'unrecognised' : 'recognised';
  return { site: context.site, host, view: context.view, layout, missing: [...context.missing].sort() };
}

const keyOf = (c: Omit<RecognitionCount, 'count'>) => [c.site, c.host, c.view, c.layout, c.missing.join(',')].join('|');

/**
 * Counts the page views the site adapters recognised only in part, or not at all, and reports
 * the counts to the team's server: the admin sees a host's markup change (a count per host, view
 * and what was missing) before reps complain. Nothing of the page goes with them: no URL path,
 * no title, no person. A page counts once per URL, and only once its state has held for
 * `settleMs`, since pages are briefly unreadable while they render after a navigation.
 */
export class RecognitionCounter {
  private readonly settleMs: number;
  private readonly reportAfterMs: number;
  private readonly settling = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly counted = new Set<string>();
  private reportTimer: ReturnType<typeof setTimeout> | null = null;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: SidenoteDB,
    private readonly session: () => Promise<Session | null>,
    private readonly options: RecognitionOptions = {},
  ) {
    this.settleMs = options.settleMs ?? 3_000;
    this.reportAfterMs = options.reportAfterMs ?? 10_000;
  }

  /** A page's latest context: it counts if it is still the same partial state after `settleMs`. */
  observe(viewId: string, context: PageContext): void {
    clearTimeout(this.settling.get(viewId));
    this.settling.delete(viewId);
    const key = recognitionKey(context);
    const once = key && `${viewId} ${context.url} ${keyOf(key)}`;
    if (!key || !once || this.counted.has(once)) return;
    this.settling.set(
      viewId,
      setTimeout(() => {
        this.settling.delete(viewId);
        this.counted.add(once);
        this.writes = this.writes.then(() => this.add(key)).catch((e) => console.error('Sidenote recognition counts:', e));
      }, this.settleMs),
    );
  }

  /** The page went away: whatever it showed last no longer counts. */
  forget(viewIds: Iterable<string>): void {
    for (const viewId of viewIds) {
      clearTimeout(this.settling.get(viewId));
      this.settling.delete(viewId);
    }
  }

  /** Sends the counts gathered so far; they stay here until the server has them. */
  readonly report = coalesced(async () => {
    const session = await this.session();
    const counts = await this.pending();
    if (!session || !counts.length) return;
    try {
      await callServer(
        { serverUrl: session.serverUrl, token: session.token, fetch: this.options.transport },
        '/v1/recognition',
        z.unknown(),
        {
          method: 'POST',
          body: { counts: counts.slice(0, 200) },
        },
      );
    } catch {
      return; // Kept for the next report.
    }
    await this.db.transaction('rw', this.db.$state, async () => {
      const now = new Map((await this.pending()).map((c) => [keyOf(c), c]));
      for (const sent of counts.slice(0, 200)) {
        const left = (now.get(keyOf(sent))?.count ?? 0) - sent.count;
        if (left > 0) now.set(keyOf(sent), { ...sent, count: left });
        else now.delete(keyOf(sent));
      }
      await this.db.setMeta(META_KEY, [...now.values()]);
    });
  });

  /** Resolves once every count that has settled so far is written down. */
  written(): Promise<void> {
    return this.writes;
  }

  /** The counts not yet reported. */
  async pending(): Promise<RecognitionCount[]> {
    const parsed = z.array(RecognitionCount).safeParse((await this.db.getMeta(META_KEY)) ?? []);
    return parsed.success ? parsed.data : [];
  }

  private async add(key: Omit<RecognitionCount, 'count'>): Promise<void> {
    if (!(await this.session())) return;
    await this.db.transaction('rw', this.db.$state, async () => {
      const counts = await this.pending();
      const seen = counts.find((c) => keyOf(c) === keyOf(key));
      if (seen) seen.count = Math.min(seen.count + 1, 1_000_000);
      else counts.push({ ...key, count: 1 });
      await this.db.setMeta(META_KEY, counts);
    });
    this.reportTimer ??= setTimeout(() => {
      this.reportTimer = null;
      void this.report();
    }, this.reportAfterMs);
  }
}
