import { admin } from '../../tests/e2e/harness';
import { joinMembers, TEAM_DOMAIN, type TeamMember } from '../../tests/e2e/team';

/** The benchmarks' team on a running server. */
export interface BenchTeam {
  teamId: string;
  members: TeamMember[];
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
