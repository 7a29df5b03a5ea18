import { z } from 'zod';

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
});
export type ServerConfig = z.infer<typeof ServerConfig>;

const VARIABLES: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  publicUrl: 'PUBLIC_URL',
  rateLimit: 'RATE_LIMIT',
};

/** Reads PORT, HOST, DATABASE_URL, PUBLIC_URL and RATE_LIMIT (empty counts as unset); throws a readable Error when one is invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = ServerConfig.safeParse({
    port: env.PORT || undefined,
    host: env.HOST || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    rateLimit: env.RATE_LIMIT || undefined,
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
