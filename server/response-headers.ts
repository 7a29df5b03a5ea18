import type { HttpBindings } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';

/** Only the extension's own pages may call the server from a browser. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[\w-]+$/;

/**
 * What every answer carries: what a JSON API needs (OWASP's REST guidance) — no sniffing, no
 * framing, no referrer, HTTPS only, no loading from other sites — with a CSP that also fits the
 * one static page with its own styles.
 */
const API_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Vary', 'Origin'],
];

/** Pages a browser opens (the home and join pages, outside /v1) get the rest of Hono's `secureHeaders` set too. */
const PAGE_HEADERS: readonly (readonly [string, string])[] = [
  ...API_HEADERS,
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

const PREFLIGHT_HEADERS: readonly (readonly [string, string])[] = [
  ['Access-Control-Allow-Methods', 'GET,POST,OPTIONS'],
  ['Access-Control-Allow-Headers', 'Authorization,Content-Type'],
  ['Access-Control-Max-Age', '600'],
  ['Vary', 'Origin, Access-Control-Request-Headers'],
];

/**
 * Security headers and CORS (extension origins only, no credentials) in one middleware. The
 * headers are set before the route runs, once: `secureHeaders` and `cors` each copied the
 * finished response once more, which was a third of the cost of `GET /v1/health`. Error and
 * 404 answers get them too.
 */
export function responseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    // Served by @hono/node-server, the headers go straight onto Node's response (written with
    // the head) and Origin is read from Node's parsed headers: Web Headers objects, built and
    // validated per request, were a third of a health check's cost. In-process (tests), the same
    // headers go through Hono's context.
    const node = (c.env as Partial<HttpBindings> | undefined)?.outgoing ? (c.env as HttpBindings) : undefined;
    const set = node
      ? (name: string, value: string) => void node.outgoing.setHeader(name, value)
      : (name: string, value: string) => c.header(name, value);
    for (const [name, value] of c.req.path.startsWith('/v1/') ? API_HEADERS : PAGE_HEADERS) set(name, value);
    const origin = node ? node.incoming.headers.origin : c.req.header('Origin');
    const allowed = origin !== undefined && EXTENSION_ORIGIN.test(origin);
    if (allowed) set('Access-Control-Allow-Origin', origin);
    if (c.req.method === 'OPTIONS') {
      if (allowed) for (const [name, value] of PREFLIGHT_HEADERS) set(name, value);
      return c.body(null, 204);
    }
    await next();
  };
}
