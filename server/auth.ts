import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Actor } from '../model/mutators';
import type { Role } from '../model/schemas';
import type { Database } from './db/schema';
import { HttpError } from './errors';
import { newToken, sha256Hex } from './secrets';

/** Hono environment of authenticated routes: `c.get('actor')` is who is calling. */
export interface AuthEnv {
  Variables: { actor: Actor };
}

/** Issues a device token for a member. The token is returned once; only its hash is stored. */
export async function issueToken(db: Kysely<Database>, member: { id: string; teamId: string }, now = Date.now()): Promise<string> {
  const token = newToken();
  await db
    .insertInto('tokens')
    .values({ hash: sha256Hex(token), member_id: member.id, team_id: member.teamId, created_at: now, revoked_at: null })
    .execute();
  return token;
}

/** The actor a bearer token stands for, or null if it is unknown, revoked, or its member is inactive. */
export async function actorForToken(db: Kysely<Database>, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('tokens')
    .innerJoin('members', 'members.id', 'tokens.member_id')
    .select(['members.id as memberId', 'members.team_id as teamId', 'members.role as role'])
    .where('tokens.hash', '=', sha256Hex(token))
    .where('tokens.revoked_at', 'is', null)
    .where('members.active', '=', 1)
    .whereRef('members.team_id', '=', 'tokens.team_id')
    .executeTakeFirst();
  return row ? { memberId: row.memberId, teamId: row.teamId, role: row.role as Role } : null;
}

/**
 * Middleware: reads `Authorization: Bearer <token>` and sets the actor, or answers 401.
 * Looked up on every request, so a revocation or deactivation takes effect at the next one.
 */
export function requireActor(db: Kysely<Database>): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    const actor = token ? await actorForToken(db, token) : null;
    if (!actor) {
      throw new HttpError(
        401,
        'unauthorized',
        'This device is not signed in to the team, or its access was revoked. Join again with a new invite code.',
      );
    }
    c.set('actor', actor);
    await next();
  };
}
