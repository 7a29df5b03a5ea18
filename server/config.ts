import { z } from 'zod';

/** How the server process is configured, from the environment. */
export const ServerConfig = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  host: z.string().min(1).default('127.0.0.1'),
  /** A SQLite file path (or `:memory:`); a `postgres://` URL is refused for now. */
  databaseUrl: z.string().min(1).default('./data/sidenote.db'),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

/** Reads PORT, HOST and DATABASE_URL (empty counts as unset); throws a readable Error when one is invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = ServerConfig.safeParse({
    port: env.PORT || undefined,
    host: env.HOST || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = { port: 'PORT', host: 'HOST', databaseUrl: 'DATABASE_URL' }[String(issue.path[0])] ?? 'configuration';
    throw new Error(`Invalid ${variable}: ${issue.message}`);
  }
  return parsed.data;
}
