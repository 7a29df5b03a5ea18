import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../model/sync';

/** A client error with its status and machine-readable code; app.ts turns it into JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Extra response headers, such as Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The one error shape the server sends (model/sync.ts `ErrorBody`). */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
