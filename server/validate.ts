import { z } from '../model/z';
import { HttpError } from './errors';

/**
 * zValidator hook: turns a failed parse into 400 `invalid_request` naming the first bad
 * field, e.g. `mutations.0.id: Too small: expected number to be >0`.
 */
export function rejectInvalid(result: { success: true } | { success: false; error: z.core.$ZodError }): void {
  if (result.success) return;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'request';
  throw new HttpError(400, 'invalid_request', `${field}: ${issue?.message ?? 'invalid'}`);
}

/** The body of a POST that takes no arguments: `{}` and nothing else, so a stray body is refused. */
export const EmptyBody = z.strictObject({});
