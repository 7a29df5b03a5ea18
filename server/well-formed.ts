import type { MiddlewareHandler } from 'hono';
import { HttpError } from './errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// An escaped UTF-16 surrogate in JSON text (`\ud800`): only then can a parsed string be ill-formed.
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => LONE_SURROGATE.test(k) || hasLoneSurrogate(v));
  return false;
}

function illFormed(): HttpError {
  return new HttpError(400, 'invalid_request', 'The request body is not valid UTF-8 text.');
}

/**
 * Middleware for requests with a body: refuses bytes that are not UTF-8 and JSON strings with
 * unpaired surrogates (which no text has), before anything parses or stores them: a decoder
 * would quietly turn them into U+FFFD and the damaged text would be saved.
 */
export const requireWellFormedText: MiddlewareHandler = async (c, next) => {
  const bytes = await c.req.arrayBuffer();
  // Later readers of the raw stream (a route's own body limit) get the same bytes again.
  c.req.raw = new Request(c.req.raw, { body: bytes });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw illFormed();
  }
  if (ESCAPED_SURROGATE.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined; // the route's own parser answers malformed JSON
    }
    if (hasLoneSurrogate(parsed)) throw illFormed();
  }
  await next();
};
