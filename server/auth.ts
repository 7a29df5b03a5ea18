import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { Actor } from '../model/mutators';
import { may, type Action } from '../model/permissions';
import type { ServerDeps } from './deps';
import { callerForToken, type Caller } from './devices';
import { HttpError } from './errors';

/** Hono environment of authenticated routes: `c.get('actor')` is who is calling, from which device. */
export interface AuthEnv {
  Variables: { actor: Actor; deviceId: string };
}

/** The 429 a guard answers with, saying when to try again. */
export function tooManyAttempts(retryAfter: number): HttpError {
  return new HttpError(429, 'rate_limited', `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`, {
    'Retry-After': String(retryAfter),
  });
}

export function bearerToken(c: Context): string | undefined {
  // Served by @hono/node-server, from Node's parsed headers: `c.req.header` first builds a Web
  // Headers object of them all, on every authenticated request.
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  const header = incoming ? incoming.headers.authorization : c.req.header('Authorization');
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/**
 * Reads `Authorization: Bearer <token>` and has `lookup` find who it stands for; sets the
 * actor and device and returns what `lookup` found, or throws 401. An address that keeps
 * failing is answered 429 for a while, before any lookup.
 */
export async function authenticate<T extends Caller>(
  c: Context<AuthEnv>,
  { limiters, clientAddress }: Pick<ServerDeps, 'limiters' | 'clientAddress'>,
  lookup: (token: string) => Promise<T | null>,
): Promise<T> {
  const address = clientAddress(c);
  const wait = limiters.failedAuthByAddress.retryAfter(address);
  if (wait > 0) throw tooManyAttempts(wait);
  const token = bearerToken(c);
  const caller = token ? await lookup(token) : null;
  if (!caller) {
    limiters.failedAuthByAddress.hit(address);
    throw new HttpError(
      401,
      'unauthorized',
      'This device is not signed in to the team, or its access was revoked. Join again with a new invite code.',
    );
  }
  c.set('actor', { memberId: caller.memberId, teamId: caller.teamId, role: caller.role });
  c.set('deviceId', caller.deviceId);
  return caller;
}

/**
 * Middleware: authenticates the request (see authenticate). Looked up on every request, so a
 * revocation or deactivation takes effect at the next one.
 */
export function requireActor(deps: ServerDeps): MiddlewareHandler<AuthEnv> {
  const { db, now } = deps;
  const lookup = (token: string) => callerForToken(db, token, now());
  return async (c, next) => {
    await authenticate(c, deps, lookup);
    await next();
  };
}

/** Middleware after requireActor: only roles the permission matrix allows `action` pass (403 otherwise). */
export function requirePermission(action: Action): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!may(c.get('actor').role, action)) {
      throw new HttpError(403, 'forbidden', 'Your role in the team does not allow this. Ask an admin.');
    }
    await next();
  };
}
