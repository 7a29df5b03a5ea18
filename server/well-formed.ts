import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
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

function cutOff(): HttpError {
  return new HttpError(400, 'invalid_request', 'The request body ended before it was complete.');
}

/** The body's size in bytes, once readBody has read it (routes with a smaller limit check it). */
const sizes = new WeakMap<object, number>();

/**
 * Reads a Node request's body straight from its stream, up to `max` bytes; null past that.
 * Through the Web `Request` @hono/node-server would build (a ReadableStream over the socket,
 * an AbortSignal, then a copy for each later reader) reading a push's few hundred bytes cost
 * more than parsing and checking them.
 */
function readIncoming(incoming: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        // The rest is read and dropped by Node once the answer is sent.
        stop();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = () => {
      stop();
      reject(cutOff());
    };
    const onClose = () => {
      if (incoming.complete) return;
      stop();
      reject(cutOff());
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

/** The same for a Web Request (the app in-process, `app.request` in tests). */
async function readStream(request: Request, max: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

export interface BodyLimits {
  /** The most bytes a body to this path may have. */
  maxBytes(path: string): number;
  /** The answer to a body over the limit (413). */
  tooLarge(c: Context, maxBytes: number): Response;
}

/**
 * Middleware for requests with a body: reads it once, refuses one over the path's limit (413,
 * by its Content-Length before reading anything, else while reading), refuses bytes that are
 * not UTF-8 and JSON strings with unpaired surrogates (which no text has) — before anything
 * parses or stores them: a decoder would quietly turn them into U+FFFD and the damaged text
 * would be saved — and leaves the text where Hono's body readers (`c.req.json()`, the
 * validators) find it.
 */
export function readBody({ maxBytes, tooLarge }: BodyLimits): MiddlewareHandler {
  return async (c, next) => {
    const max = maxBytes(c.req.path);
    const node = (c.env as Partial<HttpBindings> | undefined)?.incoming ? (c.env as HttpBindings) : undefined;
    const declared = node ? node.incoming.headers['content-length'] : c.req.header('Content-Length');
    if (declared !== undefined && Number(declared) > max) return tooLarge(c, max);
    const bytes = node ? await readIncoming(node.incoming, max) : await readStream(c.req.raw, max);
    if (bytes === null) return tooLarge(c, max);
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
    // Hono keeps promises there (its types say strings): `c.req.json()` reads this one.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    sizes.set(c.req, bytes.byteLength);
    await next();
  };
}

/** Middleware after readBody: a route whose bodies must be smaller still (413 past `max` bytes). */
export function smallerBody(max: number, tooLarge: (c: Context) => Response): MiddlewareHandler {
  return async (c, next) => {
    const size = sizes.get(c.req);
    if (size === undefined) throw new Error('smallerBody runs after readBody');
    if (size > max) return tooLarge(c);
    await next();
  };
}
