import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { forwardedAddress } from './client-address';
import { loadConfig, type ServerConfig } from './config';
import { NO_RATE_LIMITS } from './rate-limit';
import { isPostgresUrl, openDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { isEntryModule } from './entry';
import { LiveHub, mountLive } from './live';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './metrics';
import { PgPokeRelay } from './pg-pokes';
import { PresetHeadersResponse } from './response-headers';

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (useful with PORT=0). */
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Opens and migrates the database, then serves the API. SIGTERM and SIGINT close it
 * gracefully. It never creates a team: that is the admin CLI's (or `npm start`'s) job.
 */
export async function startServer(config: ServerConfig, logger: Logger = createLogger(config.logLevel ?? 'info')): Promise<RunningServer> {
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const hub = new LiveHub(database.db);
  // Several processes on one PostgreSQL: pokes cross between them through LISTEN/NOTIFY.
  let relay: PgPokeRelay | null = null;
  if (database.dialect === 'postgres') {
    relay = new PgPokeRelay(config.databaseUrl, { onPoke: hub.poke, onResume: hub.pokeEveryone });
    try {
      await relay.start();
    } catch (error) {
      await relay.close();
      await database.close();
      throw error;
    }
  }
  const onCommit = relay
    ? (teamId: string, byDevice?: string) => {
        // This process hears its own notification too, and pokes every socket then, the
        // author's included: skipping it here saves only this process's first poke.
        hub.poke(teamId, byDevice);
        relay.notify(teamId);
      }
    : hub.poke;
  const app = createApp({
    logger,
    metrics: createMetrics({ liveConnections: () => hub.openSockets }),
    metricsToken: config.metricsToken,
    clientAddress: config.trustProxy === 'on' ? forwardedAddress : undefined,
    db: database.db,
    onCommit,
    onRevoke: hub.closeDevices,
    publicUrl: config.publicUrl,
    rateLimits: config.rateLimit === 'off' ? NO_RATE_LIMITS : undefined,
  });
  const live = mountLive(app, { db: database.db, hub });
  const server = serve({
    fetch: app.fetch,
    port: config.port,
    hostname: config.host,
    // The security headers are written with each answer's own (server/response-headers.ts).
    serverOptions: { ServerResponse: PresetHeadersResponse },
  });
  live.injectWebSocket(server);
  try {
    await new Promise<void>((ready, fail) => {
      server.once('listening', ready);
      server.once('error', fail);
    });
  } catch (error) {
    await relay?.close();
    await database.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      live.closeAll();
      await new Promise<void>((done) => server.close(() => done()));
      await relay?.close();
      await database.close();
    })());
  const onSignal = () => {
    close().then(
      () => logger.info('server stopped'),
      (error: unknown) => logger.error({ err: error }, 'the server did not close cleanly'),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}`, port, close };
}

if (isEntryModule(import.meta.url)) {
  try {
    const config = loadConfig();
    const { url } = await startServer(config);
    const database =
      config.databaseUrl === ':memory:' || isPostgresUrl(config.databaseUrl)
        ? config.databaseUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
        : resolve(config.databaseUrl);
    console.log(`Sidenote server listening on ${url} (database: ${database})`);
  } catch (error) {
    console.error(`Sidenote server could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
