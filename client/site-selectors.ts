import { SelectorFile, SelectorFileResponse } from '@/model/selectors';
import { coalesced } from './coalesce';
import type { SidenoteDB } from './db';
import type { Session } from './session';
import { Signal } from './signal';
import { callServer, type HttpTarget } from './sync/http';

const META_KEY = 'siteSelectors';
/** Without a poke, the sync alarm checks for a newer file at most this often. */
export const SELECTOR_CHECK_MS = 5 * 60_000;

/** The team's selector file as kept in the local database, with whose it is. */
interface CachedFile {
  serverUrl: string;
  teamId: string;
  etag: string | null;
  file: SelectorFile | null;
}

/**
 * The team's selector file, in the background: fetched from the team's server when the worker
 * starts, whenever the server pokes (publishing one pokes every device), and at most every five
 * minutes otherwise; kept in the local database, so a restarted worker hands it to pages at once.
 * Content scripts get their site's part over their Port (client/page-selectors.ts).
 */
export class SiteSelectorSync {
  /** The file pages apply, or null while the team has published none. */
  readonly file = new Signal<SelectorFile | null>(null);
  private cached: CachedFile | null = null;
  private loaded: Promise<void> | null = null;
  private checkedAt = 0;
  /** A check was asked for that must not be skipped as recent (a poke, a start). */
  private forced = false;

  constructor(
    private readonly db: SidenoteDB,
    private readonly session: () => Promise<Session | null>,
    private readonly transport?: typeof fetch,
  ) {}

  /** The team's selectors for one site adapter, by key (empty when it has none). */
  async forSite(site: string): Promise<Record<string, string[]>> {
    await this.load();
    return this.file.value?.sites[site] ?? {};
  }

  /**
   * Asks the server for a newer file. A failed check changes nothing: pages keep the file they
   * have, and the next check tries again.
   */
  refresh(): Promise<void> {
    this.forced = true;
    return this.check();
  }

  /** Like `refresh`, unless the last check is less than SELECTOR_CHECK_MS old. */
  refreshIfStale(): Promise<void> {
    return this.check();
  }

  private readonly check = coalesced(async () => {
    await this.load();
    const session = await this.session();
    if (!session) return this.keep(null);
    const forced = this.forced;
    this.forced = false;
    if (!forced && Date.now() - this.checkedAt < SELECTOR_CHECK_MS) return;
    const ours = this.cached?.serverUrl === session.serverUrl && this.cached.teamId === session.team.id;
    const known = ours ? this.cached!.etag : null;
    const target: HttpTarget = { serverUrl: session.serverUrl, token: session.token, fetch: this.transport };
    let answer: SelectorFileResponse;
    try {
      answer = await callServer(target, `/v1/selectors${known ? `?known=${encodeURIComponent(known)}` : ''}`, SelectorFileResponse);
    } catch {
      return;
    }
    this.checkedAt = Date.now();
    if (ours && answer.etag === known && answer.file === undefined) return;
    await this.keep({ serverUrl: session.serverUrl, teamId: session.team.id, etag: answer.etag, file: answer.file ?? null });
  });

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const raw = await this.db.getMeta<CachedFile>(META_KEY);
      const file = raw?.file ? SelectorFile.safeParse(raw.file) : null;
      this.cached = raw ? { ...raw, file: file?.success ? file.data : null } : null;
      if (this.cached?.file) this.file.set(this.cached.file);
    })();
    return this.loaded;
  }

  private async keep(cached: CachedFile | null): Promise<void> {
    const changed = JSON.stringify(cached?.file ?? null) !== JSON.stringify(this.file.value);
    this.cached = cached;
    await this.db.setMeta(META_KEY, cached);
    if (changed) this.file.set(cached?.file ?? null);
  }
}
