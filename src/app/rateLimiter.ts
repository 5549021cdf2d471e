import type { Clock } from '../util/clock.ts';

export interface RateLimiterOptions {
  /** Questions one user may ask within a window. */
  limit: number;
  windowMs: number;
  clock: Clock;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

// Users not seen for a whole window are forgotten once this many are remembered.
const SWEEP_AT = 10_000;

/** A sliding-window limit per user: at most `limit` questions in any `windowMs`. */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();
  /** Until when each refused user has been told so. */
  private readonly told = new Map<string, number>();

  constructor(private readonly options: RateLimiterOptions) {
    if (!(options.limit > 0)) throw new RangeError('limit must be > 0');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be > 0');
  }

  /** Counts a question for `userId` when the limit allows it. */
  take(userId: string): RateDecision {
    const now = this.options.clock.now();
    const since = now - this.options.windowMs;
    const times = (this.recent.get(userId) ?? []).filter((time) => time > since);
    if (times.length >= this.options.limit) {
      this.recent.set(userId, times);
      return { ok: false, retryAfterMs: times[0]! + this.options.windowMs - now };
    }
    times.push(now);
    this.recent.set(userId, times);
    if (this.recent.size > SWEEP_AT) this.sweep(since);
    return { ok: true };
  }

  /**
   * Whether a refusal (`retryAfterMs` from take) is the first one of its wait: a user who keeps
   * asking while refused is told once, not once per question (where the refusal would be public).
   */
  firstRefusal(userId: string, retryAfterMs: number): boolean {
    const now = this.options.clock.now();
    if ((this.told.get(userId) ?? -Infinity) > now) return false;
    this.told.set(userId, now + retryAfterMs);
    return true;
  }

  private sweep(since: number): void {
    for (const [user, times] of this.recent) if (times.every((time) => time <= since)) this.recent.delete(user);
    const now = this.options.clock.now();
    for (const [user, until] of this.told) if (until <= now) this.told.delete(user);
  }
}
