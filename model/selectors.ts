import { z } from './z';
import { MissingPart } from './context';

/**
 * The team's selector file: for some site adapters, some of their selector keys, each a list of
 * CSS selectors that replaces the built-in list (sites/selectors.ts). Data only: an admin
 * publishes it on the team's server, the background fetches it, the content scripts apply it.
 *
 *     { "sites": { "outlook": { "readingPane": ["[data-app-section=\"ReadingPaneV2\"]"] } } }
 */
export const SelectorList = z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))).check(z.minLength(1), z.maxLength(20));
export const SiteName = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'a site adapter’s name, such as outlook'));
export const SelectorKey = z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9]{0,59}$/, 'a selector key, such as readingPane'));
export const SelectorFile = z.strictObject({ sites: z.record(SiteName, z.record(SelectorKey, SelectorList)) });
export type SelectorFile = z.infer<typeof SelectorFile>;

/** A published file's size cap in bytes of JSON: every adapter's every key fits in a fraction of it. */
export const MAX_SELECTOR_FILE_BYTES = 64 * 1024;

/** `GET /v1/selectors?known=<etag>`: `known` is the version the caller holds. */
export const SelectorFileQuery = z.object({ known: z.optional(z.string().check(z.maxLength(100))) });

/** The team's current selector file; `file` is left out when the caller holds this version already. */
export const SelectorFileResponse = z.object({
  /** Null while the team has published none: the built-in selectors apply. */
  etag: z.nullable(z.string().check(z.maxLength(100))),
  file: z.optional(z.nullable(SelectorFile)),
  publishedAt: z.nullable(z.number().check(z.int())),
});
export type SelectorFileResponse = z.infer<typeof SelectorFileResponse>;

/**
 * How many page views an adapter recognised only in part (or not at all), per site, host and
 * kind of view, and what was missing. No page content: not the URL's path, not who was on screen.
 */
export const RecognitionCount = z.strictObject({
  site: SiteName,
  host: z.string().check(z.minLength(1), z.maxLength(253)),
  view: z.string().check(z.maxLength(40)),
  layout: z.enum(['recognised', 'unrecognised']),
  missing: z.array(MissingPart).check(z.maxLength(8)),
  count: z.number().check(z.int(), z.positive(), z.lte(1_000_000)),
});
export type RecognitionCount = z.infer<typeof RecognitionCount>;

/** `POST /v1/recognition`: the counts a device gathered since its last report. */
export const RecognitionReport = z.strictObject({ counts: z.array(RecognitionCount).check(z.minLength(1), z.maxLength(200)) });
export type RecognitionReport = z.infer<typeof RecognitionReport>;

/** `GET /v1/recognition` (admins): the team's counts, most frequent first. */
export const RecognitionSummary = z.object({
  counts: z.array(z.object({ ...RecognitionCount.shape, firstSeenAt: z.number().check(z.int()), lastSeenAt: z.number().check(z.int()) })),
});
export type RecognitionSummary = z.infer<typeof RecognitionSummary>;
