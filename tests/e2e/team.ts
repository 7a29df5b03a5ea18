/**
 * A team on a running server, made the way users make one: the admin CLI makes invites, members
 * join over HTTP, and data arrives through `POST /v1/push` from each member's own device, as
 * their extensions would send it. Used by end-to-end tests, benchmarks and the screenshots.
 */
import { randomUUID } from 'node:crypto';
import type { MutatorArgs, MutatorName } from '../../model/mutators';
import type { JoinResponse, PullResponse, PushRequest, PushResponse } from '../../model/sync';
import { admin } from './harness';

export const TEAM_DOMAIN = 'sidenote-demo.com';

export interface TeamMember {
  token: string;
  memberId: string;
  name: string;
}

/** A new team whose own mail domain is TEAM_DOMAIN, made with the admin CLI, and the invite that makes its admin. */
export function createTeam(databaseUrl: string, name: string): Promise<{ teamId: string; inviteCode: string }> {
  return admin(databaseUrl, 'team:create', '--name', name, '--domain', TEAM_DOMAIN);
}

/** An invite to the team for one member of `role`, made with the admin CLI. */
export async function createInvite(databaseUrl: string, teamId: string, role: 'rep' | 'manager' | 'admin'): Promise<string> {
  return (await admin<{ inviteCode: string }>(databaseUrl, 'invite:create', '--team', teamId, '--role', role)).inviteCode;
}

async function call<T>(url: string, init: RequestInit & { token?: string }): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
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
): Promise<TeamMember[]> {
  const invites = codes ?? (await Promise.all(people.map(() => createInvite(databaseUrl, teamId, role))));
  const members: TeamMember[] = [];
  for (const [i, person] of people.entries()) {
    const joined = await call<JoinResponse>(`${server.url}/v1/join`, {
      method: 'POST',
      body: JSON.stringify({ inviteCode: invites[i], ...person }),
    });
    members.push({ token: joined.token, memberId: joined.member.id, name: person.name });
  }
  return members;
}

/** One mutation as a client queues it, made now or at `at` (the server takes the earlier of that and its own clock). */
export function mutation<N extends MutatorName>(
  id: number,
  name: N,
  args: MutatorArgs<N>,
  at = Date.now(),
): PushRequest['mutations'][number] {
  return { id, name, args, at };
}

/** A device of a member: its own clientID and mutation counter. */
export class TeamDevice {
  readonly clientID = randomUUID();
  private lastMutationID = 0;

  constructor(
    private readonly serverUrl: string,
    readonly member: TeamMember,
  ) {}

  /** Pushes these mutations (numbered on from the last) and checks that all were applied. */
  async push(...mutations: { [N in MutatorName]: { name: N; args: MutatorArgs<N>; at?: number } }[MutatorName][]): Promise<void> {
    const batch = mutations.map((m) => mutation(++this.lastMutationID, m.name, m.args as never, m.at));
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
export async function createCustomer(client: TeamDevice, name: string, domain: string): Promise<string> {
  const id = randomUUID();
  await client.push({ name: 'createCustomer', args: { id, name, identities: [{ id: randomUUID(), kind: 'domain', value: domain }] } });
  return id;
}

/** Each company as a customer (found by its mail domain), created and claimed by the owners in turn; their ids. */
export async function claimedCustomers(
  serverUrl: string,
  owners: TeamMember[],
  companies: { name: string; domain: string }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, company] of companies.entries()) {
    const id = randomUUID();
    ids.push(id);
    await new TeamDevice(serverUrl, owners[i % owners.length]!).push(
      {
        name: 'createCustomer',
        args: { id, name: company.name, identities: [{ id: randomUUID(), kind: 'domain', value: company.domain }] },
      },
      { name: 'claimCustomer', args: { customerId: id, eventId: randomUUID() } },
    );
  }
  return ids;
}
