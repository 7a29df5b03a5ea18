import { z } from './z';

/**
 * The `/v1/live` WebSocket's messages. The socket carries no data, only "pull now" pokes:
 * the client authenticates with its first message (browsers cannot set headers on a
 * WebSocket), then keeps the connection (and Chrome's service worker) alive with pings.
 */
export const LiveToServer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().check(z.minLength(1), z.maxLength(200)) }),
  z.object({ type: z.literal('ping') }),
]);
export type LiveToServer = z.infer<typeof LiveToServer>;

export const LiveToClient = z.discriminatedUnion('type', [
  /** Authenticated: pokes follow. */
  z.object({ type: z.literal('ready') }),
  /** The team's data changed: pull. */
  z.object({ type: z.literal('poke') }),
  z.object({ type: z.literal('pong') }),
  /** Sent before the server closes the socket. */
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type LiveToClient = z.infer<typeof LiveToClient>;

/** How often the client pings: Chrome keeps an MV3 worker alive while a WebSocket is active at least every 30 s. */
export const LIVE_PING_MS = 20_000;
