/**
 * Wraps `work` so that it runs one at a time: a call made while it runs does not start a second
 * run but asks for one more after the current one, and resolves with it. Ten calls during one
 * run cost two runs, never eleven, and none is lost.
 */
export function coalesced(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await work();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
