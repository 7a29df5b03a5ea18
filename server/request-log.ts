import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

/** Methods the metrics name; any other a client sends counts as `other`, so no one can grow the label sets. */
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH']);

/** Polled by monitors and scrapers many times a minute: counted, never logged. */
const UNLOGGED = new Set(['/v1/health', '/metrics']);

/**
 * Middleware: after each request, one log line (method, route, path, status, ms) and the
 * request metrics. The route is the pattern that answered (`/v1/pull`), or `*` when none did,
 * so the metrics' labels stay few.
 */
export function logRequests(logger: Logger, metrics: Metrics | undefined): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    const route = routePath(c, -1);
    const status = c.res.status;
    const method = METHODS.has(c.req.method) ? c.req.method : 'other';
    metrics?.observeRequest(method, route.endsWith('*') ? '*' : route, status, ms / 1000);
    if (!UNLOGGED.has(route) && logger.isLevelEnabled('info')) {
      logger.info({ method: c.req.method, route, path: c.req.path, status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}
