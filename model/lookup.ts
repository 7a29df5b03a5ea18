import { z } from './z';
import { IdentityKind } from './schemas';
import { PullEnvelope, PullRows } from './sync';

/**
 * `POST /v1/lookup`: the customer on screen, asked of the server while a device's first sync is
 * still arriving, so its sidebar is useful at once instead of after the whole team's history.
 * The lookups are a candidate's, in order (model/context.ts): the first that names a customer
 * of the member's team wins, merges followed.
 */
/** At most this many lookups in one request (a candidate's addresses, record, phones and domain). */
export const MAX_LOOKUPS = 20;

export const LookupRequest = z.strictObject({
  lookups: z
    .array(z.strictObject({ kind: IdentityKind, value: z.string().check(z.minLength(1), z.maxLength(2048)) }))
    .check(z.minLength(1), z.maxLength(MAX_LOOKUPS)),
});
export type LookupRequest = z.infer<typeof LookupRequest>;

/** At most this many of the customer's notes come back, newest first (the sidebar shows fewer). */
export const LOOKUP_NOTES = 200;
/** At most this many of its follow-ups and of its history lines. */
export const LOOKUP_ROWS = 500;

export const LookupResponse = z.object({
  /** The team's version when the rows were read: a copy that has pulled past it already has them. */
  asOf: z.number().check(z.int(), z.nonnegative()),
  /** The server database's history (as in a pull): rows of another history are not applied. */
  epoch: z.string(),
  /** Empty when no lookup names a customer this member may see. */
  rows: PullRows,
});
export type LookupResponse = z.infer<typeof LookupResponse>;

/** The answer as read off the wire: rows are parsed one by one, like a pull's. */
export const LookupEnvelope = z.extend(LookupResponse, { rows: PullEnvelope.shape.rows });
export type LookupEnvelope = z.infer<typeof LookupEnvelope>;
