import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mutators, type MutatorName } from '../../model/mutators';
import { ACTIONS, may, PERMISSIONS, type Action } from '../../model/permissions';
import { getWith, mutations, push, testServer, type Device, type TestServer } from '../testing';
import { CROSS_TEAM_ARGS, leastAllowed, MIXED_ARGS, NAMES_NO_ROW, ROLE_CASES } from './mutation-cases';
import { PUBLIC_ROUTES, ROUTE_CASES, type RouteRequest } from './route-cases';
import { secretsOf, snapshot, teamSnapshot, twoTeams, type TeamIds } from './world';

// Object-level authorization, enumerated from the mutator registry and the app's route table:
// a new mutator or route has no case here, and the first tests below fail until it does.

let server: TestServer;
let A: TeamIds;
let B: TeamIds;
beforeEach(async () => {
  server = await testServer();
  ({ A, B } = await twoTeams(server));
});
afterEach(() => server.close());

function send(device: Device, request: RouteRequest): Promise<Response> {
  if (request.method === 'GET') return getWith(server, request.path, device.token);
  return Promise.resolve(
    server.app.request(request.path, {
      method: request.method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${device.token}` },
      body: JSON.stringify(request.body ?? {}),
    }),
  );
}

/** The app's routes as `METHOD path`, middleware left out. */
function appRoutes(): string[] {
  const keys = server.app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/*' && r.path !== '*').map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort();
}

/** What each mutator file asks the matrix about (`allowed(actor, 'x')`). */
function actionsUsedByMutators(): Set<Action> {
  const dir = new URL('../../model/mutators/', import.meta.url);
  const used = new Set<Action>();
  for (const file of readdirSync(dir)) {
    for (const m of readFileSync(new URL(file, dir), 'utf8').matchAll(/allowed\([^,]+,\s*'(\w+)'\)/g)) used.add(m[1] as Action);
  }
  return used;
}

describe('the cases cover everything', () => {
  it('every mutator has a cross-team case', () => {
    expect(Object.keys(CROSS_TEAM_ARGS).sort()).toEqual(Object.keys(mutators).sort());
  });

  it('every route of the app is public or has a case', () => {
    expect(appRoutes()).toEqual([...PUBLIC_ROUTES, ...Object.keys(ROUTE_CASES)].sort());
  });

  it('every permission a rep lacks is tried by a mutation or a route (the team view is computed on the device)', () => {
    const tried = new Set([...ROLE_CASES.map((c) => c.action), ...Object.values(ROUTE_CASES).flatMap((c) => (c.action ? [c.action] : []))]);
    const needed = ACTIONS.filter((a) => !may('rep', a) && a !== 'viewTeam');
    expect(needed.filter((a) => !tried.has(a))).toEqual([]);
    // And every permission the mutators consult has a mutation case.
    expect([...actionsUsedByMutators()].filter((a) => !ROLE_CASES.some((c) => c.action === a))).toEqual([]);
  });
});

describe("a token of team B naming team A's rows", () => {
  for (const name of Object.keys(CROSS_TEAM_ARGS) as MutatorName[]) {
    it(`is refused for ${name}, and nothing changes`, async () => {
      const before = NAMES_NO_ROW.includes(name) ? await teamSnapshot(server.db, A.teamId) : await snapshot(server.db);
      const { refusals } = await push(server, B.admin, mutations(B.admin, { name, args: CROSS_TEAM_ARGS[name](A) }));
      if (NAMES_NO_ROW.includes(name)) {
        expect(await teamSnapshot(server.db, A.teamId)).toEqual(before);
      } else {
        expect(refusals).toEqual([expect.objectContaining({ name, code: expect.stringMatching(/^(not_found|conflict|invalid)$/) })]);
        expect(await snapshot(server.db)).toEqual(before);
      }
    });
  }

  for (const [i, { name, args }] of MIXED_ARGS.entries()) {
    it(`is refused when mixed with team B's own rows (${name} #${i + 1})`, async () => {
      const before = await snapshot(server.db);
      const { refusals } = await push(server, B.admin, mutations(B.admin, { name, args: args(A, B) }));
      expect(refusals).toHaveLength(1);
      expect(await snapshot(server.db)).toEqual(before);
    });
  }

  for (const [route, { namesRows, request }] of Object.entries(ROUTE_CASES)) {
    it(`${namesRows ? 'is refused' : 'tells nothing of team A'} on ${route}`, async () => {
      const before = namesRows ? await snapshot(server.db) : await teamSnapshot(server.db, A.teamId);
      const res = await send(B.admin, request(A));
      const text = await res.text();
      if (namesRows) {
        expect(res.status, text).toBeGreaterThanOrEqual(400);
        expect(res.status, text).toBeLessThan(500);
        expect(await snapshot(server.db)).toEqual(before);
      } else {
        expect(res.status, text).toBe(200);
        expect(await teamSnapshot(server.db, A.teamId)).toEqual(before);
      }
      for (const secret of secretsOf(A)) expect(text).not.toContain(secret);
    });
  }
});

describe('a rep asking for what the matrix gives only managers or admins', () => {
  for (const { name, action, args } of ROLE_CASES) {
    it(`is refused ${name} (${action}); ${PERMISSIONS[action].roles.join(' and ')} may`, async () => {
      const before = await snapshot(server.db);
      const refused = await push(server, A.rep, mutations(A.rep, { name, args: args(A) }));
      expect(refused.refusals).toEqual([expect.objectContaining({ name, code: 'forbidden' })]);
      expect(await snapshot(server.db)).toEqual(before);
      // The same mutation by the least role allowed stands: the refusal was the role's.
      const allowed = leastAllowed(A, PERMISSIONS[action].roles);
      expect((await push(server, allowed, mutations(allowed, { name, args: args(A) }))).refusals).toEqual([]);
      expect(await snapshot(server.db)).not.toEqual(before);
    });
  }

  for (const [route, { action, request }] of Object.entries(ROUTE_CASES)) {
    if (!action || may('rep', action)) continue;
    it(`is refused ${route} (${action}) with 403, and nothing changes`, async () => {
      const before = await snapshot(server.db);
      const res = await send(A.rep, request(A));
      expect(res.status, await res.clone().text()).toBe(403);
      expect(await snapshot(server.db)).toEqual(before);
    });
  }
});
