/**
 * A team on a running server, made the way users make one: the admin CLI creates the team and
 * its invites, members join over HTTP, and data arrives through `POST /v1/push`.
 */
import { randomUUID } from 'node:crypto';
import type { MutatorArgs, MutatorName } from '../../model/mutators';
import type { JoinResponse, PullResponse, PushRequest, PushResponse } from '../../model/sync';
import { admin } from '../../tests/e2e/harness';

export const TEAM_DOMAIN = 'sidenote-demo.com';

export interface BenchMember {
  token: string;
  memberId: string;
  name: string;
}

export interface BenchTeam {
  teamId: string;
  members: BenchMember[];
}

async function call<T>(url: string, init: RequestInit & { token?: string }): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A team with an admin and `reps` reps, each joined once (one device token each). */
export async function createBenchTeam(server: { url: string }, databaseUrl: string, reps: number): Promise<BenchTeam> {
  const team = await admin<{ teamId: string; inviteCode: string }>(
    databaseUrl,
    'team:create',
    '--name',
    'Bench Sales',
    '--domain',
    TEAM_DOMAIN,
  );
  const [first] = await joinMembers(server, databaseUrl, team.teamId, [{ name: 'Bench Admin', email: `bench.0@${TEAM_DOMAIN}` }], 'admin', [
    team.inviteCode,
  ]);
  const people = Array.from({ length: reps }, (_, i) => ({ name: `Bench Rep ${i + 1}`, email: `bench.${i + 1}@${TEAM_DOMAIN}` }));
  return { teamId: team.teamId, members: [first!, ...(await joinMembers(server, databaseUrl, team.teamId, people, 'rep'))] };
}

/**
 * Joins each person to the team over `POST /v1/join` with an invite of `role` made by the admin
 * CLI (or with the given `codes`), one device token each.
 */
export async function joinMembers(
  server: { url: string },
  databaseUrl: string,
  teamId: string,
  people: { name: string; email: string }[],
  role: 'rep' | 'manager' | 'admin',
  codes?: string[],
): Promise<BenchMember[]> {
  const invites =
    codes ??
    (await Promise.all(
      people.map(
        async () => (await admin<{ inviteCode: string }>(databaseUrl, 'invite:create', '--team', teamId, '--role', role)).inviteCode,
      ),
    ));
  const members: BenchMember[] = [];
  for (const [i, person] of people.entries()) {
    const joined = await call<JoinResponse>(`${server.url}/v1/join`, {
      method: 'POST',
      body: JSON.stringify({ inviteCode: invites[i], ...person }),
    });
    members.push({ token: joined.token, memberId: joined.member.id, name: person.name });
  }
  return members;
}

/** One mutation as a client queues it. */
export function mutation<N extends MutatorName>(id: number, name: N, args: MutatorArgs<N>): PushRequest['mutations'][number] {
  return { id, name, args, at: Date.now() };
}

/** A device of a member: its own clientID and mutation counter. */
export class BenchClient {
  readonly clientID = randomUUID();
  private lastMutationID = 0;

  constructor(
    private readonly serverUrl: string,
    readonly member: BenchMember,
  ) {}

  /** Pushes these mutations (numbered on from the last) and checks that all were applied. */
  async push(...mutations: { [N in MutatorName]: { name: N; args: MutatorArgs<N> } }[MutatorName][]): Promise<void> {
    const batch = mutations.map((m) => mutation(++this.lastMutationID, m.name, m.args as never));
    const result = await call<PushResponse>(`${this.serverUrl}/v1/push`, {
      method: 'POST',
      token: this.member.token,
      body: JSON.stringify({ clientID: this.clientID, mutations: batch } satisfies PushRequest),
    });
    if (result.refusals.length > 0 || result.lastMutationID !== this.lastMutationID) {
      throw new Error(`push refused: ${JSON.stringify(result).slice(0, 300)}`);
    }
  }

  /** Pulls until there is nothing more; returns the last response (its cookie is the team's head). */
  async pullAll(): Promise<PullResponse> {
    let cookie = 0;
    for (let page = 0; page < 10_000; page++) {
      const query = new URLSearchParams({ clientID: this.clientID, cookie: String(cookie) });
      const response = await call<PullResponse>(`${this.serverUrl}/v1/pull?${query}`, { token: this.member.token });
      cookie = response.cookie;
      if (!response.more) return response;
    }
    throw new Error('pull never finished');
  }
}

/** Pushes a customer (a company, by its mail domain) and returns its id. */
export async function createCustomer(client: BenchClient, name: string, domain: string): Promise<string> {
  const id = randomUUID();
  await client.push({ name: 'createCustomer', args: { id, name, identities: [{ id: randomUUID(), kind: 'domain', value: domain }] } });
  return id;
}

/** Each company as a customer (found by its mail domain), created and claimed by the owners in turn; their ids. */
export async function claimedCustomers(
  serverUrl: string,
  owners: BenchMember[],
  companies: { name: string; domain: string }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, company] of companies.entries()) {
    const id = randomUUID();
    ids.push(id);
    await new BenchClient(serverUrl, owners[i % owners.length]!).push(
      {
        name: 'createCustomer',
        args: { id, name: company.name, identities: [{ id: randomUUID(), kind: 'domain', value: company.domain }] },
      },
      { name: 'claimCustomer', args: { customerId: id, eventId: randomUUID() } },
    );
  }
  return ids;
}
