import type { Context } from 'hono';
import type { ServerDeps } from './deps';

/**
 * The server's address as teammates reach it, for invite links: PUBLIC_URL when set (it may
 * carry a path prefix behind a proxy), else the address this request came to.
 */
export function publicUrlFor(c: Context, deps: Pick<ServerDeps, 'publicUrl'>): string {
  return deps.publicUrl ?? new URL(c.req.url).origin;
}
