import { z } from '../z';
import { GoalMetric, GoalPeriod, Id, MAX_GOALS, Millis } from '../schemas';
import { allowed, def, MutationError, type MutatorContext } from './kit';
import { activeMember } from './members';

export const SetGoalArgs = z.object({
  /** The goal's id when it is new (a replaced goal keeps its own). */
  id: Id,
  memberId: Id,
  metric: GoalMetric,
  period: GoalPeriod,
  /** 0 removes the goal. */
  target: z.number().check(z.int(), z.gte(0), z.lte(100_000)),
  startsAt: Millis,
});

/**
 * A manager sets (or with target 0 removes) one member's goal for one metric and period. Kept in
 * the team's settings, so every member's copy has everyone's goals and counts progress itself.
 */
async function setGoal(ctx: MutatorContext, args: z.infer<typeof SetGoalArgs>): Promise<void> {
  const { store, actor } = ctx;
  if (!allowed(actor, 'setGoals')) throw new MutationError('forbidden', 'Only a manager can set goals.');
  const team = await store.get('teams', actor.teamId);
  if (!team) throw new MutationError('not_found', 'The team is not known here yet.', { entity: 'team' });
  await activeMember(store, args.memberId);
  const same = (g: { memberId: string; metric: string; period: string }) =>
    g.memberId === args.memberId && g.metric === args.metric && g.period === args.period;
  const existing = team.settings.goals.find(same);
  const others = team.settings.goals.filter((g) => !same(g));
  const goals =
    args.target === 0
      ? others
      : [
          ...others,
          {
            id: existing?.id ?? args.id,
            memberId: args.memberId,
            metric: args.metric,
            period: args.period,
            target: args.target,
            startsAt: args.startsAt,
            setBy: actor.memberId,
          },
        ];
  if (goals.length > MAX_GOALS) throw new MutationError('invalid', `A team can have at most ${MAX_GOALS} goals.`);
  await store.put('teams', { ...team, settings: { ...team.settings, goals } });
}

export const goalMutators = {
  setGoal: def(SetGoalArgs, setGoal),
};
