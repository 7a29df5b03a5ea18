import { PullEnvelope } from './sync';
import { z } from './z';

/**
 * The `/v1/live` WebSocket's messages. The socket carries "pull now" pokes: the client
 * authenticates with its first message (browsers cannot set headers on a WebSocket), then
 * keeps the connection (and Chrome's service worker) alive with pings.
 */
export const LiveToServer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().check(z.minLength(1), z.maxLength(200)) }),
  z.object({ type: z.literal('ping') }),
]);
export type LiveToServer = z.infer<typeof LiveToServer>;

/**
 * What a poke may carry: the rows of the versions after `after` up to `cookie`, as a pull from
 * cookie `after` would answer them to this member (server/pull.ts, the same filter). A client
 * whose cookie is `after` may apply them and move its cookie to `cookie` without a round trip;
 * any other client, or one with changes of its own pending, pulls as before. Each row is parsed
 * on its own, as a pull's (client/sync/pull.ts readRows).
 */
export const LiveChanges = z.object({
  after: z.number().check(z.int(), z.nonnegative()),
  cookie: z.number().check(z.int(), z.nonnegative()),
  epoch: z.string(),
  rows: PullEnvelope.shape.rows,
  tombstones: z.array(z.unknown()),
});
export type LiveChanges = z.infer<typeof LiveChanges>;

export const LiveToClient = z.discriminatedUnion('type', [
  /** Authenticated: pokes follow. */
  z.object({ type: z.literal('ready') }),
  /** The team's data changed: pull. */
  z.object({ type: z.literal('poke'), changes: z.optional(LiveChanges) }),
  z.object({ type: z.literal('pong') }),
  /** Sent before the server closes the socket. */
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type LiveToClient = z.infer<typeof LiveToClient>;

/** How often the client pings: Chrome keeps an MV3 worker alive while a WebSocket is active at least every 30 s. */
export const LIVE_PING_MS = 20_000;
