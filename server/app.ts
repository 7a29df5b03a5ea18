import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { peerAddress } from './client-address';
import { errorBody, HttpError } from './errors';
import { silentLogger, type Logger } from './logger';
import { metricsRoutes, type Metrics } from './metrics';
import { logRequests } from './request-log';
import { responseHeaders } from './response-headers';
import { readBody } from './well-formed';
import type { OnCommit } from './push';
import { createLimiters, DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit';
import { adminRoutes } from './routes/admin';
import { deviceRoutes } from './routes/devices';
import { healthRoutes } from './routes/health';
import { homeRoutes } from './routes/home';
import { joinRoutes } from './routes/join';
import { selectorRoutes } from './routes/selectors';
import { syncRoutes } from './routes/sync';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export interface AppOptions {
  db: Kysely<Database>;
  /** After each commit that changed a team's data (the live poke). Must not throw. */
  onCommit?: OnCommit;
  /** After a commit that revoked devices: close their live sockets. Must not throw. */
  onRevoke?: (deviceIds: readonly string[]) => void;
  /** The server clock; tests pass their own. */
  now?: () => number;
  rateLimits?: RateLimits;
  /** Where a request came from; the TCP peer unless a test says otherwise. */
  clientAddress?: (c: Context) => string;
  /** PUBLIC_URL: the address invite links point at. */
  publicUrl?: string;
  /** Where request lines and errors go; silent unless given. */
  logger?: Logger;
  /** Prometheus metrics; `GET /metrics` exists only when given. */
  metrics?: Metrics;
  /** METRICS_TOKEN: when set, `GET /metrics` wants it as a Bearer token. */
  metricsToken?: string;
}

/** The one path whose body may be larger than 1 MiB: an admin's import of a whole team. */
const IMPORT_PATH = '/v1/admin/import';

// Hono's own 4xx (malformed JSON, for one) carry a status and a message but no code.
const CODE_OF_STATUS: Partial<Record<number, string>> = { 400: 'invalid_request', 404: 'not_found', 413: 'payload_too_large' };

function errorResponse(logger: Logger, err: Error, c: Context): Response {
  if (err instanceof HttpError) return c.json(errorBody(err.code, err.message), err.status, err.headers);
  if (err instanceof HTTPException && err.status < 500) {
    return c.json(errorBody(CODE_OF_STATUS[err.status] ?? 'bad_request', err.message), err.status as ContentfulStatusCode);
  }
  // A bug: the details go to the log, never to the client.
  logger.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
  return c.json(errorBody('internal', 'Something went wrong on the server. Try again later.'), 500);
}

/** The Sidenote HTTP API, with its database and hooks; importable by tests (`app.request`). */
export function createApp({
  db,
  onCommit,
  onRevoke,
  now = Date.now,
  rateLimits = DEFAULT_RATE_LIMITS,
  clientAddress = peerAddress,
  publicUrl,
  logger = silentLogger,
  metrics,
  metricsToken,
}: AppOptions) {
  const deps = { db, now, onCommit, onRevoke, limiters: createLimiters(rateLimits, now), clientAddress, publicUrl };
  const body = readBody({
    // An admin's import of a whole team may be larger.
    maxBytes: (path) => (path === IMPORT_PATH ? MAX_IMPORT_BYTES : MAX_BODY_BYTES),
    tooLarge: (c, max) =>
      c.json(
        errorBody(
          'payload_too_large',
          max === MAX_IMPORT_BYTES ? 'The file is larger than 64 MiB.' : 'The request body is larger than 1 MiB.',
        ),
        413,
      ),
  });
  const log = logRequests(logger, metrics);
  const headers = responseHeaders();
  const app = new Hono()
    // The log and the headers as one level of the middleware chain: each level is another async
    // dispatch on every request. A preflight's answer (from `headers`) becomes the response.
    .use((c, next) =>
      log(c, async () => {
        const preflight = await headers(c, next);
        if (preflight) c.res = preflight;
      }),
    )
    // Only requests with a body are read and limited: reading GETs' (absent) bodies slows every pull.
    .on(['POST', 'PUT'], '*', body)
    .route('/', homeRoutes)
    .route('/v1', healthRoutes(db, logger, now))
    .route('/v1', joinRoutes(deps))
    .route('/v1', syncRoutes(deps))
    .route('/v1', deviceRoutes(deps))
    .route('/v1', adminRoutes(deps))
    .route('/v1', selectorRoutes(deps))
    .route('/', metrics ? metricsRoutes(metrics, metricsToken) : new Hono());
  app.onError((err, c) => errorResponse(logger, err, c));
  app.notFound((c) => c.json(errorBody('not_found', `There is no ${c.req.method} ${c.req.path}.`), 404));
  return app;
}

/** The typed API, for a `hc<AppType>` client. */
export type AppType = ReturnType<typeof createApp>;
