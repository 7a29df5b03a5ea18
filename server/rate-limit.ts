/**
 * Fixed-window counters in memory: at most `limit` hits per key per `windowMs`. Enough for one
 * server process guarding `/v1/join` and failed sign-ins; the clock is injected so tests
 * control it. (A library limiter counts every request; here only some outcomes count, such as
 * a failed sign-in, and per invite code as well as per address.)
 */
export class RateLimiter {
  private windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Seconds until `key` may try again (0: it may now). */
  retryAfter(key: string): number {
    if (this.limit <= 0) return 0;
    const window = this.windows.get(key);
    if (!window || window.resetAt <= this.now() || window.count < this.limit) return 0;
    return Math.max(1, Math.ceil((window.resetAt - this.now()) / 1000));
  }

  /** Counts one hit against `key`. */
  hit(key: string): void {
    if (this.limit <= 0) return;
    const now = this.now();
    const window = this.windows.get(key);
    if (window && window.resetAt > now) window.count++;
    else this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    // Old windows are dropped now and then, so a scan of many addresses cannot grow memory.
    if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

/** How many attempts each guard allows per 15 minutes; 0 turns the guard off (benchmarks). */
export interface RateLimits {
  /** `POST /v1/join` requests per client address. */
  joinsPerAddress: number;
  /** Join attempts naming one invite or device code. */
  joinsPerCode: number;
  /** Requests with a missing, unknown or revoked token, per client address. */
  failedAuthPerAddress: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { joinsPerAddress: 30, joinsPerCode: 10, failedAuthPerAddress: 60 };
export const NO_RATE_LIMITS: RateLimits = { joinsPerAddress: 0, joinsPerCode: 0, failedAuthPerAddress: 0 };
const WINDOW_MS = 15 * 60 * 1000;

/** The limiters of one app. */
export function createLimiters(limits: RateLimits, now: () => number) {
  return {
    joinByAddress: new RateLimiter(limits.joinsPerAddress, WINDOW_MS, now),
    joinByCode: new RateLimiter(limits.joinsPerCode, WINDOW_MS, now),
    failedAuthByAddress: new RateLimiter(limits.failedAuthPerAddress, WINDOW_MS, now),
  };
}
export type Limiters = ReturnType<typeof createLimiters>;
