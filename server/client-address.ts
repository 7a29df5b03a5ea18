import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** The TCP peer a request came from. */
export function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Behind a reverse proxy (TRUST_PROXY=on) every request comes from the proxy, so the rate
 * limits would count all members as one: the client is then the address the proxy appended
 * last to X-Forwarded-For (earlier entries are whatever the client claimed, never trusted).
 */
export function forwardedAddress(c: Context): string {
  const forwarded = c.req.header('X-Forwarded-For');
  const last = forwarded?.split(',').pop()?.trim();
  return last || peerAddress(c);
}
