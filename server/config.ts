import { z } from 'zod';
import { LOG_LEVELS } from './logger';

/** How the server process is configured, from the environment. */
export const ServerConfig = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  host: z.string().min(1).default('127.0.0.1'),
  /** A SQLite file path (or `:memory:`), or a `postgres://` URL. */
  databaseUrl: z.string().min(1).default('./data/sidenote.db'),
  /** The address teammates reach the server at (invite links point there); may carry a path prefix. */
  publicUrl: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
  /** `off` lifts the limits on joins and failed sign-ins (benchmarks that join hundreds of members). */
  rateLimit: z.enum(['on', 'off']).optional(),
  /** `on` behind a reverse proxy: rate limits count the address it puts last in X-Forwarded-For. */
  trustProxy: z.enum(['on', 'off']).optional(),
  /** How much the server logs (one JSON line each, on stdout). */
  logLevel: z.enum(LOG_LEVELS).optional(),
  /** When set, `GET /metrics` wants it as a Bearer token; unset, `/metrics` is open to whoever reaches it. */
  metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
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
