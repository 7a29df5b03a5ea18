import { useEffect, useRef, useState } from 'preact/hooks';
import type { TaskView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';

/** How long a follow-up just marked done stays in the list with its Undo. */
export const UNDO_MS = 6_000;

/**
 * Done, undoably: a follow-up marked done stays where it was, shown as done with an Undo, for a
 * few seconds (the view drops it at once: it is no longer due), then goes.
 */
export function useUndoableDone(api: ApiClient) {
  const [recent, setRecent] = useState<ReadonlyMap<string, TaskView>>(new Map());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  const forget = (id: string) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setRecent((shown) => new Map([...shown].filter(([key]) => key !== id)));
  };
  return {
    /** The follow-ups marked done in the last few seconds, by id. */
    recent,
    /** Marks it done; on a refusal it is simply shown as open again. */
    async complete(task: TaskView): Promise<void> {
      setRecent((shown) => new Map(shown).set(task.id, task));
      timers.current.set(
        task.id,
        setTimeout(() => forget(task.id), UNDO_MS),
      );
      try {
        await api.request('completeTask', { id: task.id, done: true });
      } catch (e) {
        forget(task.id);
        throw e;
      }
    },
    async undo(id: string): Promise<void> {
      forget(id);
      await api.request('completeTask', { id, done: false });
    },
  };
}
