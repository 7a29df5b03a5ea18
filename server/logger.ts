import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Log levels LOG_LEVEL accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The server's structured log: one JSON object per line on stdout (pino). Lines are buffered
 * and written a few KB at a time — a write per request line was a tenth of a pull's cost — and
 * flushed when the process exits.
 */
export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level, base: { service: 'sidenote' } }, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}

/** A logger that writes nothing: tests and the in-process app's default. */
export const silentLogger: Logger = pino({ level: 'silent' });
