import { errorText } from './i18n';

/** The words for a failed request: the server's or the background's error, translated when known. */
export function failureText(err: unknown): string {
  const { code = '', message = String(err) } = err as { code?: string; message?: string };
  return errorText(code, message);
}

/** Runs a request; tells `setStatus` what happened: `done` (a sentence, or made from the result), or the error in words. */
export async function attempt<T>(
  action: () => Promise<T>,
  done: string | ((result: T) => string),
  setStatus: (s: string) => void,
): Promise<T | undefined> {
  try {
    const result = await action();
    setStatus(typeof done === 'string' ? done : done(result));
    return result;
  } catch (err) {
    setStatus(failureText(err));
    return undefined;
  }
}
