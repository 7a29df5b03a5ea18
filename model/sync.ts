import { z } from './z';
import { Id, Member, Millis, TABLE_NAMES, Tables, Team, type TableName } from './schemas';

/**
 * The sync vocabulary, after Replicache: each installed extension is a `clientID` whose
 * mutations are numbered 1, 2, 3…; the server remembers the last one it processed
 * (`lastMutationID`) and hands out a `cookie` (the team's version) with every pull.
 */
export const ClientID = z.string().check(z.uuid());

/** One intent as the client queued it. */
export const Mutation = z.object({
  id: z.number().check(z.int(), z.positive()),
  name: z.string().check(z.minLength(1), z.maxLength(64)),
  args: z.unknown(),
  /** When the user made the change, by the client's clock. */
  at: Millis,
});
export type Mutation = z.infer<typeof Mutation>;

export const MAX_MUTATIONS_PER_PUSH = 100;

export const PushRequest = z
  .object({
    clientID: ClientID,
    mutations: z.array(Mutation).check(z.minLength(1), z.maxLength(MAX_MUTATIONS_PER_PUSH)),
  })
  .check(
    z.refine((r) => r.mutations.every((m, i) => i === 0 || m.id === r.mutations[i - 1]!.id + 1), {
      message: 'mutation ids must be consecutive',
      path: ['mutations'],
    }),
  );
export type PushRequest = z.infer<typeof PushRequest>;

/** A mutation the server processed but would not apply, and why (shown to the user). */
export const Refusal = z.object({
  mutationID: z.number().check(z.int(), z.positive()),
  name: z.string(),
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.string()),
});
export type Refusal = z.infer<typeof Refusal>;

export const PushResponse = z.object({
  lastMutationID: z.number().check(z.int(), z.nonnegative()),
  refusals: z.array(Refusal),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z.object({
  clientID: ClientID,
  cookie: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 0),
  /** The lastMutationID this client already knows of: refusals after it are sent again. */
  knownMutationID: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 0),
  /** The server database's history the client's copy came from (`epoch` of its last pull). */
  epoch: z.optional(z.string().check(z.maxLength(100))),
});
export type PullQuery = z.infer<typeof PullQuery>;

type RowArrays = { [T in TableName]: z.ZodMiniArray<(typeof Tables)[T]> };
/** One array of rows per synced table. */
export const PullRows = z.object(Object.fromEntries(TABLE_NAMES.map((t) => [t, z.array(Tables[t])])) as RowArrays);
export type PullRows = z.infer<typeof PullRows>;

export const Tombstone = z.object({ table: z.enum(TABLE_NAMES as [TableName, ...TableName[]]), id: Id });
export type Tombstone = z.infer<typeof Tombstone>;

export const PullResponse = z.object({
  cookie: z.number().check(z.int(), z.nonnegative()),
  lastMutationID: z.number().check(z.int(), z.nonnegative()),
  /** More rows wait: pull again with the new cookie. */
  more: z.boolean(),
  rows: PullRows,
  /** Rows this member may no longer see (or that were removed): drop them. */
  tombstones: z.array(Tombstone),
  /** This client's refused mutations after `knownMutationID`. */
  refusals: z.array(Refusal),
  /**
   * The server could not continue from the client's cookie (its database was restored from an
   * older backup): these rows start from nothing, so the client drops what it had first.
   */
  reset: z._default(z.boolean(), false),
  /** The database's history these rows come from: a restored backup has another. */
  epoch: z._default(z.string(), ''),
  /** The etag of the team's published selector file (null: none): a device fetches the file when it changes. */
  selectors: z._default(z.nullable(z.string()), null),
  /** On the first page of a pull from nothing: how many rows the whole pull brings (for a progress bar). */
  total: z._default(z.nullable(z.number().check(z.int(), z.nonnegative())), null),
});
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * A pull as the client first reads it: the envelope strictly, each row on its own. A row the
 * client cannot read is set aside, not a reason to refuse the page (one bad row never stops sync).
 */
export const PullEnvelope = z.extend(PullResponse, {
  rows: z.object(
    Object.fromEntries(TABLE_NAMES.map((t) => [t, z._default(z.array(z.unknown()), [])])) as Record<
      TableName,
      z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniUnknown>>
    >,
  ),
  tombstones: z.array(z.unknown()),
});
export type PullEnvelope = z.infer<typeof PullEnvelope>;

export const JoinRequest = z.object({
  inviteCode: z.string().check(z.trim(), z.minLength(4), z.maxLength(100)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: z.string().check(z.trim(), z.toLowerCase(), z.email(), z.maxLength(320)),
  /** What this device is (browser and system), shown in the member's device list. */
  deviceLabel: z._default(z.string().check(z.trim(), z.maxLength(100)), ''),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

/** The device token (shown once), the member this device is signed in as, and the team. */
export const JoinResponse = z.object({ token: z.string(), deviceId: z.string(), member: Member, team: Team });
export type JoinResponse = z.infer<typeof JoinResponse>;

/** Every error the server sends: `{error: {code, message}}` with a 4xx or 5xx status. */
export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;

export function emptyRows(): PullRows {
  return Object.fromEntries(TABLE_NAMES.map((t) => [t, []])) as unknown as PullRows;
}
