/**
 * Work the background does apart from the writes that call for it (the search index, the stored
 * acknowledgements): asked for with `schedule` after each write, it runs once soon after a burst
 * of them, never twice at a time, and once more if asked again while it ran.
 */
export abstract class BackgroundJob {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly delayMs = 200) {}

  /** Everything there is to do now. */
  protected abstract work(): Promise<void>;

  /** Asks for a run soon (many writes in a row make one run). */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run().catch((e: unknown) => console.error(`Sidenote ${this.constructor.name}:`, e));
    }, this.delayMs);
  }

  /** Does everything there is to do; resolves when done. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.work();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}

/**
 * Decides a stored answer's marked keys again (client/marks.ts), soon after the writes that
 * marked them. While a first sync arrives (`holdWhile`) it waits, and then decides every key once.
 */
export class SettleJob extends BackgroundJob {
  constructor(
    private readonly settle: () => Promise<unknown>,
    private readonly holdWhile: () => boolean = () => false,
    delayMs = 300,
  ) {
    super(delayMs);
  }

  protected async work(): Promise<void> {
    if (!this.holdWhile()) await this.settle();
  }
}
