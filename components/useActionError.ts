import { useState } from 'preact/hooks';
import { errorText, t } from './i18n';

/**
 * The error of the last action that failed, in words, and `run` to start an action: a failed
 * request shows as "That did not work: …" instead of vanishing.
 */
export function useActionError(): { error: string | null; run: (action: Promise<unknown>) => Promise<boolean> } {
  const [error, setError] = useState<string | null>(null);
  const run = (action: Promise<unknown>) =>
    action.then(
      () => {
        setError(null);
        return true;
      },
      (e: { code?: string; message?: string }) => {
        setError(t('popup.error', { message: errorText(e.code ?? '', e.message ?? String(e)) }));
        return false;
      },
    );
  return { error, run };
}
