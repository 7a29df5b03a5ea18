import type { z } from './z';
import { customerMutators } from './mutators/customers';
import { followMutators } from './mutators/follows';
import { goalMutators } from './mutators/goals';
import { MutationError, validatingStore, type MutatorContext, type MutatorDef } from './mutators/kit';
import { noteMutators } from './mutators/notes';
import { ownershipMutators } from './mutators/ownership';
import { questionMutators } from './mutators/questions';
import { taskMutators } from './mutators/tasks';

export * from './mutators/kit';
export * from './mutators/customers';
export * from './mutators/follows';
export * from './mutators/goals';
export * from './mutators/notes';
export * from './mutators/ownership';
export * from './mutators/questions';
export * from './mutators/tasks';

/** Every mutation a client may send, by name: its argument schema and its one implementation. */
export const mutators = {
  ...customerMutators,
  ...followMutators,
  ...goalMutators,
  ...noteMutators,
  ...ownershipMutators,
  ...questionMutators,
  ...taskMutators,
};
export type MutatorName = keyof typeof mutators;
export type MutatorArgs<N extends MutatorName> = z.input<(typeof mutators)[N]['args']>;

/**
 * Parses and runs one mutation. Throws MutationError for anything the user should be told:
 * an unknown name or arguments that do not parse become `invalid`.
 */
export async function runMutation(ctx: MutatorContext, name: string, rawArgs: unknown): Promise<void> {
  const mutator = (mutators as Record<string, MutatorDef<z.ZodMiniType>>)[name];
  if (!mutator) throw new MutationError('invalid', `Unknown change "${name}".`, { name });
  const parsed = mutator.args.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MutationError('invalid', `Invalid ${name}: ${issue?.path.join('.') || 'arguments'} ${issue?.message ?? ''}`.trim(), {
      name,
    });
  }
  await mutator.run({ ...ctx, store: validatingStore(ctx.store) }, parsed.data);
}
