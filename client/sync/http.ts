import { ErrorBody } from '@/model/sync';
import type { z } from '../../model/z';

/** A failure the user can read: `offline` when the server could not be reached at all. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServerError';
  }
  get offline(): boolean {
    return this.code === 'offline';
  }
}

export interface HttpTarget {
  serverUrl: string;
  token?: string;
  /** The transport; the global fetch unless a test puts a faulty network in between. */
  fetch?: typeof fetch;
}

/**
 * The address of an API path on the team's server, keeping any path prefix the server lives
 * under (`https://crm.example.com/sidenote` + `/v1/pull`): `new URL('/v1/pull', base)` drops it.
 */
export function endpoint(serverUrl: string, path: string): URL {
  const base = new URL(serverUrl);
  const url = new URL(path.replace(/^\/+/, ''), base.href.endsWith('/') ? base.href : `${base.href}/`);
  url.hash = '';
  return url;
}

type CallInit = { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal };

/** Sends one request; a network failure becomes ServerError `offline`, an error answer its ServerError. */
async function exchange(target: HttpTarget, path: string, init: CallInit): Promise<{ response: Response; text: string }> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  let response: Response;
  try {
    response = await (target.fetch ?? fetch)(endpoint(target.serverUrl, path), {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new ServerError(0, 'offline', `Could not reach the server at ${target.serverUrl} (${(e as Error).message}).`);
  }
  const text = await response.text();
  if (!response.ok) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw notSidenote(target, response.status);
    }
    const err = ErrorBody.safeParse(json);
    if (err.success) throw new ServerError(response.status, err.data.error.code, err.data.error.message);
    throw new ServerError(response.status, 'http_error', `The server answered HTTP ${response.status}.`);
  }
  return { response, text };
}

function notSidenote(target: HttpTarget, status: number): ServerError {
  return new ServerError(
    status,
    'bad_response',
    `The server at ${target.serverUrl} did not answer like a Sidenote server (HTTP ${status}).`,
  );
}

/** Calls the server and parses its answer with `schema`; errors become ServerError. */
export async function callServer<S extends z.ZodMiniType>(
  target: HttpTarget,
  path: string,
  schema: S,
  init: CallInit = {},
): Promise<z.infer<S>> {
  const { response, text } = await exchange(target, path, init);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw notSidenote(target, response.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ServerError(
      response.status,
      'bad_response',
      `The server's answer to ${path} was not understood: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  return parsed.data;
}

/** Calls the server for a text answer (a CSV export): the body as it came. */
export async function callServerText(target: HttpTarget, path: string, init: CallInit = {}): Promise<string> {
  return (await exchange(target, path, init)).text;
}
