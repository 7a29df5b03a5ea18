import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { derivedId } from '../model/mutators';
import { createCustomer, mutations, pull, push, teamWithTwoMembers, testServer, T0, type TestServer } from './testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

const DAY = 86_400_000;
const acme = createCustomer('acme', 'Acme', [{ kind: 'domain', value: 'acme.com' }]);
const rules = {
  name: 'updateTeamSettings',
  args: { patch: { stageRules: [{ stage: 'quoted', nextFollowUpDays: 2, title: 'Chase the quote', idleDays: 5, escalateDays: 9 }] } },
};

describe('stage rules on the server', () => {
  it("makes the rule's follow-up once, for the owner, in the same mutation as the stage change", async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(server, admin, mutations(admin, rules));
    await push(server, rep, mutations(rep, acme, { name: 'claimCustomer', args: { customerId: 'acme', eventId: randomUUID() } }));
    const eventId = randomUUID();
    const stage = { name: 'setStage', args: { customerId: 'acme', stage: 'quoted', eventId } };
    expect((await push(server, admin, mutations(admin, stage))).refusals).toEqual([]);
    const { rows } = await pull(server, rep);
    expect(rows.customers[0]!.stage).toBe('quoted');
    expect(rows.tasks).toEqual([
      expect.objectContaining({ id: derivedId(eventId, 'stage-rule'), title: 'Chase the quote', assigneeId: rep.member.id, doneAt: null }),
    ]);
    const task = rows.tasks[0]!;
    expect(task.dueAt - task.createdAt).toBe(2 * DAY);
    expect(task.createdAt).toBeGreaterThanOrEqual(T0);
  });

  it("refuses a rep moving a teammate's customer, in words naming the owner; lets a manager", async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(server, admin, mutations(admin, acme, { name: 'claimCustomer', args: { customerId: 'acme', eventId: randomUUID() } }));
    const refused = await push(
      server,
      rep,
      mutations(rep, { name: 'setStage', args: { customerId: 'acme', stage: 'won', eventId: randomUUID() } }),
    );
    expect(refused.refusals).toEqual([expect.objectContaining({ code: 'forbidden' })]);
    expect(refused.refusals[0]!.message).toMatch(/^Only .+ or a manager can move Acme to another stage\.$/);
    expect((await pull(server, rep)).rows.customers[0]!.stage).toBe('lead');
  });

  it('lets a manager set, replace and remove goals, and refuses a rep', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    const goal = (target: number) => ({
      name: 'setGoal',
      args: { id: randomUUID(), memberId: rep.member.id, metric: 'customersClaimed', period: 'week', target, startsAt: T0 },
    });
    expect((await push(server, admin, mutations(admin, goal(5), goal(7)))).refusals).toEqual([]);
    let team = (await pull(server, rep)).rows.teams[0]!;
    expect(team.settings.goals).toEqual([expect.objectContaining({ memberId: rep.member.id, target: 7, setBy: admin.member.id })]);
    expect((await push(server, rep, mutations(rep, goal(1)))).refusals).toEqual([expect.objectContaining({ code: 'forbidden' })]);
    await push(server, admin, mutations(admin, goal(0)));
    team = (await pull(server, rep)).rows.teams[0]!;
    expect(team.settings.goals).toEqual([]);
  });

  it('keeps goals out of updateTeamSettings', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    const goal = {
      name: 'setGoal',
      args: { id: 'g1', memberId: rep.member.id, metric: 'stageAdvances', period: 'month', target: 4, startsAt: T0 },
    };
    await push(server, admin, mutations(admin, goal));
    const sneaky = { name: 'updateTeamSettings', args: { patch: { goals: [], staleDays: 3 } } };
    await push(server, admin, mutations(admin, sneaky));
    const team = (await pull(server, admin)).rows.teams[0]!;
    expect(team.settings.staleDays).toBe(3);
    expect(team.settings.goals).toEqual([expect.objectContaining({ id: 'g1', target: 4 })]);
  });
});
