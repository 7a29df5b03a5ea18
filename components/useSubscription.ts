import { useLayoutEffect, useState } from 'preact/hooks';
import type { ApiClient, ApiError } from '@/client/port-client';
import type { ArgsOf, ResultOf, Subscriptions } from '@/client/api';

/** The latest value of a background subscription (undefined until the first arrives). */
export function useSubscription<N extends keyof Subscriptions>(
  api: ApiClient,
  name: N,
  args: ArgsOf<Subscriptions[N]>,
): { value: ResultOf<Subscriptions[N]> | undefined; error: ApiError | null } {
  const [value, setValue] = useState<ResultOf<Subscriptions[N]>>();
  const [error, setError] = useState<ApiError | null>(null);
  const key = JSON.stringify(args);
  // Asked for as soon as the component is in the DOM, not a frame later (useEffect waits for the
  // next paint): the background's answer is most of what a page's first content waits for.
  useLayoutEffect(
    () =>
      api.subscribe(
        name,
        args,
        (v) => {
          setValue(v);
          setError(null);
        },
        setError,
      ),
    // The args are compared by value: a new object with the same content is the same subscription.
    [api, name, key],
  );
  return { value, error };
}
