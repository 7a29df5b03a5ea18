import type { MiddlewareHandler } from 'hono';

/** Only the extension's own pages may call the server from a browser. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[\w-]+$/;

/**
 * What every answer carries: the security headers Hono's `secureHeaders` would add (with a CSP
 * for JSON and one static page with its own styles: nothing else may load or frame it).
 */
const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  ['Vary', 'Origin'],
];

const PREFLIGHT_HEADERS: readonly (readonly [string, string])[] = [
  ['Access-Control-Allow-Methods', 'GET,POST,OPTIONS'],
  ['Access-Control-Allow-Headers', 'Authorization,Content-Type'],
  ['Access-Control-Max-Age', '600'],
  ['Vary', 'Origin, Access-Control-Request-Headers'],
];

/**
 * Security headers and CORS (extension origins only, no credentials) in one middleware. The
 * headers are set before the route runs, into the one header set the answer is made with:
 * `secureHeaders` and `cors` each copied the finished response once more, which was a third of
 * the cost of `GET /v1/health`. Error and 404 answers get them too, since they are made from
 * the same context.
 */
export function responseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    const origin = c.req.header('Origin');
    const allowed = origin !== undefined && EXTENSION_ORIGIN.test(origin);
    if (allowed) c.header('Access-Control-Allow-Origin', origin);
    if (c.req.method === 'OPTIONS') {
      if (allowed) for (const [name, value] of PREFLIGHT_HEADERS) c.header(name, value);
      return c.body(null, 204);
    }
    await next();
  };
}
