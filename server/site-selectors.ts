import type { Kysely } from 'kysely';
import { MissingPart } from '../model/context';
import { SelectorFile, type RecognitionCount, type RecognitionSummary, type SelectorFileResponse } from '../model/selectors';
import type { Database } from './db/schema';
import { HttpError } from './errors';
import { selectorFileProblem } from './selector-check';
import { sha256Hex } from './secrets';
import { UnknownTeamError } from './teams';

/**
 * Checks a selector file for what zod cannot see: that each site and key is one this build
 * knows, and that each selector is CSS a browser parses. Throws a 400 naming the first problem.
 */
export function checkSelectorFile(file: SelectorFile): SelectorFile {
  const problem = selectorFileProblem(file);
  if (problem) throw new HttpError(400, 'invalid_selectors', problem);
  return file;
}

/** Publishes a team's selector file in place of its last one; returns its etag. */
export async function publishSelectors(
  db: Kysely<Database>,
  teamId: string,
  file: SelectorFile,
  { now = Date.now(), by = null }: { now?: number; by?: string | null } = {},
): Promise<{ etag: string; publishedAt: number }> {
  const body = JSON.stringify(checkSelectorFile(SelectorFile.parse(file)));
  const etag = sha256Hex(body).slice(0, 32);
  const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
  if (!team) throw new UnknownTeamError(teamId);
  await db
    .insertInto('team_selectors')
    .values({ team_id: teamId, body, etag, published_at: now, published_by: by })
    .onConflict((oc) => oc.column('team_id').doUpdateSet({ body, etag, published_at: now, published_by: by }))
    .execute();
  return { etag, publishedAt: now };
}

/** The team's selector file, left out when the caller already holds version `known`. */
export async function readSelectors(db: Kysely<Database>, teamId: string, known?: string): Promise<SelectorFileResponse> {
  const row = await db.selectFrom('team_selectors').selectAll().where('team_id', '=', teamId).executeTakeFirst();
  if (!row) return { etag: null, file: null, publishedAt: null };
  const publishedAt = Number(row.published_at);
  if (row.etag === known) return { etag: row.etag, publishedAt };
  return { etag: row.etag, file: SelectorFile.parse(JSON.parse(row.body)), publishedAt };
}

const missingKey = (missing: readonly string[]) => [...new Set(missing)].sort().join(',');

/** Adds a device's counts to the team's, in one transaction. */
export async function addRecognitionCounts(db: Kysely<Database>, teamId: string, counts: readonly RecognitionCount[], now = Date.now()) {
  await db.transaction().execute(async (trx) => {
    for (const c of counts) {
      const key = {
        team_id: teamId,
        site: c.site,
        host: c.host.toLowerCase(),
        view: c.view,
        layout: c.layout,
        missing: missingKey(c.missing),
      };
      await trx
        .insertInto('recognition_counts')
        .values({ ...key, count: c.count, first_seen_at: now, last_seen_at: now })
        .onConflict((oc) =>
          oc
            .columns(['team_id', 'site', 'host', 'view', 'layout', 'missing'])
            .doUpdateSet((eb) => ({ count: eb('recognition_counts.count', '+', eb.ref('excluded.count')), last_seen_at: now })),
        )
        .execute();
    }
  });
}

/** The team's counts, most frequent first. */
export async function recognitionSummary(db: Kysely<Database>, teamId: string): Promise<RecognitionSummary> {
  const rows = await db
    .selectFrom('recognition_counts')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('count', 'desc')
    .orderBy('last_seen_at', 'desc')
    .limit(500)
    .execute();
  return {
    counts: rows.map((r) => ({
      site: r.site,
      host: r.host,
      view: r.view,
      layout: r.layout as RecognitionCount['layout'],
      missing: r.missing ? r.missing.split(',').map((m) => MissingPart.parse(m)) : [],
      count: Number(r.count),
      firstSeenAt: Number(r.first_seen_at),
      lastSeenAt: Number(r.last_seen_at),
    })),
  };
}
