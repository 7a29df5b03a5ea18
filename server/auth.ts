import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { Actor } from '../model/mutators';
import { may, type Action } from '../model/permissions';
import type { ServerDeps } from './deps';
import { callerForToken } from './devices';
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
 * Middleware: reads `Authorization: Bearer <token>` and sets the actor and device, or answers
 * 401. Looked up on every request, so a revocation or deactivation takes effect at the next one.
 * An address that keeps failing is answered 429 for a while, before any lookup.
 */
export function requireActor({ db, now, limiters, clientAddress }: ServerDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const address = clientAddress(c);
    const wait = limiters.failedAuthByAddress.retryAfter(address);
    if (wait > 0) throw tooManyAttempts(wait);
    const token = bearerToken(c);
    const caller = token ? await callerForToken(db, token, now()) : null;
    if (!caller) {
      limiters.failedAuthByAddress.hit(address);
      throw new HttpError(
        401,
        'unauthorized',
        'This device is not signed in to the team, or its access was revoked. Join again with a new invite code.',
      );
    }
    const { deviceId, ...actor } = caller;
    c.set('actor', actor);
    c.set('deviceId', deviceId);
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
