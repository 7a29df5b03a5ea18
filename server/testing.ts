import { Writable } from 'node:stream';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { expect, inject } from 'vitest';
import type { Member, Team } from '../model/schemas';
import type { ErrorBody, Mutation, PullResponse, PushResponse } from '../model/sync';
import { createApp, type AppOptions } from './app';
import { openDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import type { Database } from './db/schema';
import { NO_RATE_LIMITS } from './rate-limit';
import { createInvite, createTeam } from './teams';
import { createPgDatabase } from './testing-pg-cluster';

// Test support for the server: the real app in-process over a real database — in-memory
// SQLite, or (SIDENOTE_TEST_DB=postgres, the server-pg project) a fresh database on the
// run's throwaway PostgreSQL cluster. Nothing here replaces a part of the server; it only drives it.

/** Which database the server tests run against in this project. */
export const TEST_DIALECT: 'sqlite' | 'postgres' = process.env.SIDENOTE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A new database for one test: on SQLite `sqlitePath` (default `:memory:`); on PostgreSQL a
 * new database of the test cluster, migrated unless `migrated: false`.
 */
export async function testDatabaseUrl({ sqlitePath = ':memory:', migrated = true } = {}): Promise<string> {
  if (TEST_DIALECT === 'sqlite') return sqlitePath;
  const adminUrl = inject('pgAdminUrl');
  if (!adminUrl) throw new Error('SIDENOTE_TEST_DB=postgres, but no PostgreSQL test cluster was started (server/testing-pg-setup.ts).');
  return createPgDatabase(adminUrl, migrated ? inject('pgTemplate') : undefined);
}

export const T0 = 1_750_000_000_000;

/** The header a test sets to say which address a request comes from (for rate limits). */
export const TEST_ADDRESS_HEADER = 'x-test-client-address';

/**
 * A fresh migrated database and the app over it, with a clock the test moves. Rate limits are
 * off unless a test asks for them; `revoked` lists the devices whose sockets the app closed.
 */
export async function testServer(options: Pick<AppOptions, 'rateLimits' | 'publicUrl' | 'logger' | 'metrics' | 'metricsToken'> = {}) {
  const database = openDatabase(await testDatabaseUrl());
  await migrateToLatest(database.db);
  let clock = T0;
  const commits: string[] = [];
  const revoked: string[] = [];
  const app = createApp({
    db: database.db,
    now: () => clock,
    onCommit: (teamId) => commits.push(teamId),
    onRevoke: (ids) => revoked.push(...ids),
    rateLimits: options.rateLimits ?? NO_RATE_LIMITS,
    clientAddress: (c) => c.req.header(TEST_ADDRESS_HEADER) ?? '192.0.2.1',
    publicUrl: options.publicUrl,
    logger: options.logger,
    metrics: options.metrics,
    metricsToken: options.metricsToken,
  });
  return {
    db: database.db,
    app,
    commits,
    revoked,
    now: () => clock,
    advance(ms: number) {
      clock += ms;
    },
    close: database.close,
  };
}
export type TestServer = Awaited<ReturnType<typeof testServer>>;

export interface Device {
  token: string;
  deviceId: string;
  member: Member;
  team: Team;
  clientID: string;
  nextMutationID: number;
}

export async function json<T = unknown>(res: Response): Promise<T> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as T;
}

/** Asserts an error response: status, JSON `{error: {code, message}}`, and returns it. */
export async function expectError(res: Response, status: number, code: string): Promise<ErrorBody['error']> {
  const body = await json<ErrorBody>(res);
  expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
  expect(body.error.message).toEqual(expect.any(String));
  return body.error;
}

export function postJson(server: Pick<TestServer, 'app'>, path: string, body: unknown, token?: string): Promise<Response> {
  return Promise.resolve(
    server.app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** Joins through `POST /v1/join` and returns a device with a fresh clientID. */
export async function join(server: TestServer, inviteCode: string, name: string, email: string): Promise<Device> {
  const res = await postJson(server, '/v1/join', { inviteCode, name, email });
  expect(res.status).toBe(200);
  const body = await json<{ token: string; deviceId: string; member: Member; team: Team }>(res);
  return { ...body, clientID: randomUUID(), nextMutationID: 1 };
}

/** A team with an admin and a rep, each on their own device. */
export async function teamWithTwoMembers(server: TestServer, name = 'Sidenote Demo', domains = ['sidenote-demo.com']) {
  const { teamId, inviteCode } = await createTeam(server.db, { name, domains }, server.now());
  const admin = await join(server, inviteCode, 'Ada Admin', `ada@${domains[0]}`);
  const rep = await join(
    server,
    (await createInvite(server.db, { teamId, role: 'rep' }, server.now())).inviteCode,
    'Ravi Rep',
    `ravi@${domains[0]}`,
  );
  return { teamId, admin, rep };
}

/** Numbers mutations for a device as its outbox would. */
export function mutations(device: Device, ...items: { name: string; args: unknown; at?: number }[]): Mutation[] {
  return items.map((m) => ({ id: device.nextMutationID++, name: m.name, args: m.args, at: m.at ?? T0 }));
}

export async function push(server: TestServer, device: Device, batch: Mutation[]): Promise<PushResponse> {
  const res = await postJson(server, '/v1/push', { clientID: device.clientID, mutations: batch }, device.token);
  expect(res.status, await res.clone().text()).toBe(200);
  return json<PushResponse>(res);
}

export function pullRequest(server: TestServer, device: Device, cookie = 0, knownMutationID = 0): Promise<Response> {
  const query = new URLSearchParams({ clientID: device.clientID, cookie: String(cookie), knownMutationID: String(knownMutationID) });
  return Promise.resolve(server.app.request(`/v1/pull?${query}`, { headers: { Authorization: `Bearer ${device.token}` } }));
}

export async function pull(server: TestServer, device: Device, cookie = 0, knownMutationID = 0): Promise<PullResponse> {
  const res = await pullRequest(server, device, cookie, knownMutationID);
  expect(res.status, await res.clone().text()).toBe(200);
  return json<PullResponse>(res);
}

const COUNTED = ['teams', 'members', 'clients', 'refusals', 'customers', 'identities', 'notes', 'activity', 'tokens', 'invites'] as const;

/** Row counts of every table, to show a refused request wrote nothing. */
export async function rowCounts(db: Kysely<Database>): Promise<Record<(typeof COUNTED)[number], number>> {
  const counts = await Promise.all(
    COUNTED.map(
      async (t) => [t, Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(db)).rows[0]!.n)] as const,
    ),
  );
  return Object.fromEntries(counts) as Record<(typeof COUNTED)[number], number>;
}

export const createCustomer = (id: string, name: string, identities: { kind: string; value: string }[] = []) => ({
  name: 'createCustomer',
  args: { id, name, identities: identities.map((i) => ({ id: randomUUID(), ...i })) },
});

export const createNote = (id: string, customerId: string, body: string, extra: Record<string, unknown> = {}) => ({
  name: 'createNote',
  args: { id, customerId, body, ...extra },
});

/**
 * The rep writes a customer with a private note (“about to churn”) and a team note: what
 * tests of who may read what push. Returns the customer's and the two notes' ids.
 */
export async function pushPrivateAndShared(
  server: TestServer,
  rep: Device,
): Promise<{ customerId: string; secret: string; shared: string }> {
  const customerId = randomUUID();
  const [secret, shared] = [randomUUID(), randomUUID()];
  await push(
    server,
    rep,
    mutations(
      rep,
      createCustomer(customerId, 'Acme'),
      createNote(secret, customerId, 'they are about to churn, keep it quiet', { visibility: 'private' }),
      createNote(shared, customerId, 'sent the quote'),
    ),
  );
  return { customerId, secret, shared };
}

/** A GET with a device's token. */
export function getWith(
  server: Pick<TestServer, 'app'>,
  path: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(server.app.request(path, { headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) } }));
}

/** A team with an admin, a manager and a rep, each on their own device. */
export async function teamWithThreeRoles(server: TestServer, name = 'Sidenote Demo', domain = 'sidenote-demo.com') {
  const { teamId, admin, rep } = await teamWithTwoMembers(server, name, [domain]);
  const { inviteCode } = await createInvite(server.db, { teamId, role: 'manager' }, server.now());
  const manager = await join(server, inviteCode, 'Mei Manager', `mei@${domain}`);
  return { teamId, admin, manager, rep };
}

/** A pino logger whose lines land in `lines`, parsed. */
export function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}
