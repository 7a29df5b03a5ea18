import { z } from '../model/z';
import { LOG_LEVELS } from './logger';

/** How the server process is configured, from the environment. */
export const ServerConfig = z.object({
  port: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65535)), 8787),
  host: z._default(z.string().check(z.minLength(1)), '127.0.0.1'),
  /** A SQLite file path (or `:memory:`), or a `postgres://` URL. */
  databaseUrl: z._default(z.string().check(z.minLength(1)), './data/sidenote.db'),
  /** The address teammates reach the server at (invite links point there); may carry a path prefix. */
  publicUrl: z.optional(
    z.string().check(
      z.url(),
      z.refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://'),
    ),
  ),
  /** `off` lifts the limits on joins and failed sign-ins (benchmarks that join hundreds of members). */
  rateLimit: z.optional(z.enum(['on', 'off'])),
  /** `on` behind a reverse proxy: rate limits count the address it puts last in X-Forwarded-For. */
  trustProxy: z.optional(z.enum(['on', 'off'])),
  /** How much the server logs (one JSON line each, on stdout). */
  logLevel: z.optional(z.enum(LOG_LEVELS)),
  /** When set, `GET /metrics` wants it as a Bearer token; unset, `/metrics` is open to whoever reaches it. */
  metricsToken: z.optional(z.string().check(z.minLength(16, 'must be at least 16 characters'))),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

const VARIABLES: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  publicUrl: 'PUBLIC_URL',
  rateLimit: 'RATE_LIMIT',
  trustProxy: 'TRUST_PROXY',
  logLevel: 'LOG_LEVEL',
  metricsToken: 'METRICS_TOKEN',
};

/** Reads PORT, HOST, DATABASE_URL, PUBLIC_URL, RATE_LIMIT, TRUST_PROXY, LOG_LEVEL and METRICS_TOKEN (empty counts as unset); throws a readable Error when one is invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = ServerConfig.safeParse({
    port: env.PORT || undefined,
    host: env.HOST || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    rateLimit: env.RATE_LIMIT || undefined,
    trustProxy: env.TRUST_PROXY || undefined,
    logLevel: env.LOG_LEVEL || undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid ${VARIABLES[String(issue.path[0])] ?? 'configuration'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Where invite links point: PUBLIC_URL, else the address the server listens on. */
export function publicUrlOf(config: { publicUrl?: string; host: string; port: number }): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}
