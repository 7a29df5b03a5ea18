import { z } from 'zod';
import { MissingPart } from './context';

/**
 * The team's selector file: for some site adapters, some of their selector keys, each a list of
 * CSS selectors that replaces the built-in list (sites/selectors.ts). Data only: an admin
 * publishes it on the team's server, the background fetches it, the content scripts apply it.
 *
 *     { "sites": { "outlook": { "readingPane": ["[data-app-section=\"ReadingPaneV2\"]"] } } }
 */
export const SelectorList = z.array(z.string().trim().min(1).max(500)).min(1).max(20);
export const SiteName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a site adapter’s name, such as outlook');
export const SelectorKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,59}$/, 'a selector key, such as readingPane');
export const SelectorFile = z.object({ sites: z.record(SiteName, z.record(SelectorKey, SelectorList)) }).strict();
export type SelectorFile = z.infer<typeof SelectorFile>;

/** A published file's size cap in bytes of JSON: every adapter's every key fits in a fraction of it. */
export const MAX_SELECTOR_FILE_BYTES = 64 * 1024;

/** `GET /v1/selectors?known=<etag>`: `known` is the version the caller holds. */
export const SelectorFileQuery = z.object({ known: z.string().max(100).optional() });

/** The team's current selector file; `file` is left out when the caller holds this version already. */
export const SelectorFileResponse = z.object({
  /** Null while the team has published none: the built-in selectors apply. */
  etag: z.string().max(100).nullable(),
  file: SelectorFile.nullable().optional(),
  publishedAt: z.number().int().nullable(),
});
export type SelectorFileResponse = z.infer<typeof SelectorFileResponse>;

/**
 * How many page views an adapter recognised only in part (or not at all), per site, host and
 * kind of view, and what was missing. No page content: not the URL's path, not who was on screen.
 */
export const RecognitionCount = z
  .object({
    site: SiteName,
    host: z.string().min(1).max(253),
    view: z.string().max(40),
    layout: z.enum(['recognised', 'unrecognised']),
    missing: z.array(MissingPart).max(8),
    count: z.number().int().positive().max(1_000_000),
  })
  .strict();
export type RecognitionCount = z.infer<typeof RecognitionCount>;

/** `POST /v1/recognition`: the counts a device gathered since its last report. */
export const RecognitionReport = z.object({ counts: z.array(RecognitionCount).min(1).max(200) }).strict();
export type RecognitionReport = z.infer<typeof RecognitionReport>;

/** `GET /v1/recognition` (admins): the team's counts, most frequent first. */
export const RecognitionSummary = z.object({
  counts: z.array(RecognitionCount.extend({ firstSeenAt: z.number().int(), lastSeenAt: z.number().int() }).strip()),
});
export type RecognitionSummary = z.infer<typeof RecognitionSummary>;
