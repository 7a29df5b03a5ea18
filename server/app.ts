import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { errorBody, HttpError } from './errors';
import type { OnCommit } from './push';
import { healthRoutes } from './routes/health';
import { joinRoutes } from './routes/join';
import { selectorRoutes } from './routes/selectors';
import { syncRoutes } from './routes/sync';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Only the extension's own pages may call the server from a browser. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[\w-]+$/;

export interface AppOptions {
  db: Kysely<Database>;
  /** After each commit that changed a team's data (the live poke). Must not throw. */
  onCommit?: OnCommit;
  /** The server clock; tests pass their own. */
  now?: () => number;
}

// Hono's own 4xx (malformed JSON, for one) carry a status and a message but no code.
const CODE_OF_STATUS: Partial<Record<number, string>> = { 400: 'invalid_request', 404: 'not_found', 413: 'payload_too_large' };

function errorResponse(err: Error, c: Context): Response {
  if (err instanceof HttpError) return c.json(errorBody(err.code, err.message), err.status);
  if (err instanceof HTTPException && err.status < 500) {
    return c.json(errorBody(CODE_OF_STATUS[err.status] ?? 'bad_request', err.message), err.status as ContentfulStatusCode);
  }
  // A bug: the details go to the log, never to the client.
  console.error(`${c.req.method} ${c.req.path} failed:`, err);
  return c.json(errorBody('internal', 'Something went wrong on the server. Try again later.'), 500);
}

/** The Sidenote HTTP API, with its database and hooks; importable by tests (`app.request`). */
export function createApp({ db, onCommit, now = Date.now }: AppOptions) {
  const deps = { db, now, onCommit };
  const app = new Hono()
    .use(
      cors({
        origin: (origin) => (EXTENSION_ORIGIN.test(origin) ? origin : null),
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Authorization', 'Content-Type'],
        credentials: false,
        maxAge: 600,
      }),
    )
    // Only requests with a body are limited: reading GETs' (absent) bodies slows every pull.
    .on(
      'POST',
      '*',
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: (c) => c.json(errorBody('payload_too_large', 'The request body is larger than 1 MiB.'), 413),
      }),
    )
    .route('/v1', healthRoutes)
    .route('/v1', joinRoutes(deps))
    .route('/v1', syncRoutes(deps))
    .route('/v1', selectorRoutes(deps));
  app.onError(errorResponse);
  app.notFound((c) => c.json(errorBody('not_found', `There is no ${c.req.method} ${c.req.path}.`), 404));
  return app;
}

/** The typed API, for a `hc<AppType>` client. */
export type AppType = ReturnType<typeof createApp>;
