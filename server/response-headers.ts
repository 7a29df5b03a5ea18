import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';
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

/** `later` replacing `earlier`'s headers of the same name, as setHeader would. */
function merged(...lists: (readonly (readonly [string, string])[])[]): (readonly [string, string])[] {
  const byName = new Map<string, readonly [string, string]>();
  for (const list of lists) for (const header of list) byName.set(header[0].toLowerCase(), header);
  return [...byName.values()];
}

/** A header list as writeHead's flat form (name, value, name, value…), and its names in lower case. */
interface Preset {
  flat: readonly string[];
  lowerNames: readonly string[];
}

function preset(headers: readonly (readonly [string, string])[]): Preset {
  return { flat: headers.flat(), lowerNames: headers.map(([name]) => name.toLowerCase()) };
}

const API_PRESET = preset(API_HEADERS);
const PAGE_PRESET = preset(PAGE_HEADERS);
const API_PREFLIGHT_PRESET = preset(merged(API_HEADERS, PREFLIGHT_HEADERS));
const PAGE_PREFLIGHT_PRESET = preset(merged(PAGE_HEADERS, PREFLIGHT_HEADERS));

/**
 * Node's response, with the headers `responseHeaders` chose for it written in the same
 * `writeHead` as the route's own. Setting them one by one with `setHeader` before the route
 * (each validated, lower-cased and stored, then merged with the route's headers on the slow
 * path of `writeHead`) cost about a sixth of a health check. A route's header of the same name
 * still replaces the preset one, as with `setHeader`. The server is made with it
 * (`serverOptions.ServerResponse`, server/index.ts).
 */
export class PresetHeadersResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  preset: Preset | null = null;
  /** An extension's Origin the answer allows (Access-Control-Allow-Origin). */
  allowOrigin: string | null = null;

  override writeHead(
    statusCode: number,
    reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    const { preset, allowOrigin } = this;
    if (preset === null) return super.writeHead(statusCode, reason as string, headers);
    const message = typeof reason === 'string' ? reason : undefined;
    const given = typeof reason === 'string' ? headers : reason;
    // Headers already set one by one, or given as a list of pairs: Node's own merge, after ours.
    if (this.headersSent || this.getHeaderNames().length > 0 || (Array.isArray(given) && Array.isArray(given[0]))) {
      this.setPresetHeaders();
      return message === undefined ? super.writeHead(statusCode, given) : super.writeHead(statusCode, message, given);
    }
    // The route's headers (a plain object from @hono/node-server, or name, value… pairs), after ours.
    const route: OutgoingHttpHeader[] = [];
    if (Array.isArray(given)) route.push(...(given as OutgoingHttpHeader[]));
    else if (given) for (const name in given) route.push(name, given[name]!);
    const routeNames: string[] = [];
    for (let i = 0; i < route.length; i += 2) routeNames.push(String(route[i]).toLowerCase());
    const flat: OutgoingHttpHeader[] = [];
    const { lowerNames, flat: presetFlat } = preset;
    for (let i = 0; i < lowerNames.length; i++) {
      if (!routeNames.includes(lowerNames[i]!)) flat.push(presetFlat[2 * i]!, presetFlat[2 * i + 1]!);
    }
    if (allowOrigin !== null && !routeNames.includes('access-control-allow-origin')) flat.push('Access-Control-Allow-Origin', allowOrigin);
    for (const value of route) flat.push(value);
    return message === undefined ? super.writeHead(statusCode, flat) : super.writeHead(statusCode, message, flat);
  }

  /** The preset headers through setHeader, for the rare answer whose headers were set one by one. */
  private setPresetHeaders(): void {
    const { preset, allowOrigin } = this;
    this.preset = null;
    if (preset === null || this.headersSent) return;
    for (let i = 0; i < preset.lowerNames.length; i++) {
      if (!this.hasHeader(preset.lowerNames[i]!)) this.setHeader(preset.flat[2 * i]!, preset.flat[2 * i + 1]!);
    }
    if (allowOrigin !== null && !this.hasHeader('access-control-allow-origin')) this.setHeader('Access-Control-Allow-Origin', allowOrigin);
  }
}

/**
 * Security headers and CORS (extension origins only, no credentials) in one middleware. The
 * headers are chosen before the route runs, once: `secureHeaders` and `cors` each copied the
 * finished response once more, which was a third of the cost of `GET /v1/health`. Error and
 * 404 answers get them too.
 */
export function responseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    // Served by @hono/node-server, Origin is read from Node's parsed headers (a Web Headers
    // object, built per request, was a third of a health check's cost) and the headers go onto
    // Node's response: with the route's own in one writeHead when the server makes its responses
    // as PresetHeadersResponse, else one by one. In-process (tests), through Hono's context.
    const node = (c.env as Partial<HttpBindings> | undefined)?.outgoing ? (c.env as HttpBindings) : undefined;
    const api = c.req.path.startsWith('/v1/');
    const preflight = c.req.method === 'OPTIONS';
    const origin = node ? node.incoming.headers.origin : c.req.header('Origin');
    const allowed = origin !== undefined && EXTENSION_ORIGIN.test(origin);
    if (node?.outgoing instanceof PresetHeadersResponse) {
      node.outgoing.preset = preflight && allowed ? (api ? API_PREFLIGHT_PRESET : PAGE_PREFLIGHT_PRESET) : api ? API_PRESET : PAGE_PRESET;
      if (allowed) node.outgoing.allowOrigin = origin;
    } else {
      const set = node
        ? (name: string, value: string) => void node.outgoing.setHeader(name, value)
        : (name: string, value: string) => c.header(name, value);
      for (const [name, value] of api ? API_HEADERS : PAGE_HEADERS) set(name, value);
      if (allowed) set('Access-Control-Allow-Origin', origin);
      if (preflight && allowed) for (const [name, value] of PREFLIGHT_HEADERS) set(name, value);
    }
    if (preflight) return c.body(null, 204);
    await next();
  };
}
