import { ApplicationWriteBudgetOptions } from './application-write-budget.options';
import { Clock } from '../../time/clock';

/** An `Application/…` 429: the quota of the whole application (all tenants) is spent. */
export interface ApplicationThrottle {
  /** When the throttled batch was sent: a 429 for a batch sent before the last cut says nothing new. */
  sentAt: number;
  /** Its Retry-After, if Graph named one. */
  retryAfterMs?: number;
}

interface Waiter {
  writes: number;
  settle(granted: boolean): void;
}

/** Growth of the rate per second after a cut, relative to itself, as in WritePacer. */
const RECOVERY_PER_SECOND = 0.05;
const CUT_ON_429 = 0.7;
/** No recovery for this long after the last `Application/` 429 (or until its Retry-After, if later). */
const HOLD_MS = 1_000;

/**
 * The application-wide write quota (graph-api.md §8.2: 35,000 writes / 5 min over all tenants),
 * shared by every tenant's bulk executor in this process, on top of each job's own WritePacer (its
 * app + tenant quota): one executor takes a batch's writes from its pacer, then from this budget.
 *
 * - A token bucket like Graph's: it starts with `burstFraction` of the quota (Graph's bucket starts
 *   full; the rest is margin for the bot's unpaced writes and for timing) and refills at
 *   `targetFraction` of the sustained rate, so N jobs together stay under the quota whatever N is.
 * - Fair: waiters are served first come, first served, and an executor waits for one batch at a
 *   time, so jobs take turns batch by batch and a big tenant cannot starve a small one.
 * - Abortable: a waiter whose signal aborts (job paused, stopped, shutting down) leaves at once,
 *   without taking anything.
 * - Fed by `Application/` 429s (the `x-ms-throttle-scope` names the spent quota): everyone waits
 *   the Retry-After, the bucket is emptied (Graph's is), and the rate is cut ×0.7 once per episode,
 *   creeping back to the target afterwards. Those 429s say nothing of a tenant's own quota, so they
 *   slow all jobs here rather than cutting the one job's pacer.
 *
 * Per process only: several bot instances each have their own budget and do not coordinate; each
 * takes `share` of the quota (1/N for N instances), and 429s still slow an instance that overlaps.
 */
export class ApplicationWriteBudget {
  private readonly capacity: number;
  private readonly targetRate: number;
  private readonly minRate: number;
  private rate: number;
  private credit: number;
  private updatedAt: number;
  private notBefore = 0;
  private holdUntil = 0;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private cuts = 0;
  private throttles = 0;
  private granted = 0;
  private readonly queue: Waiter[] = [];
  private pumping = false;
  /** Wakes the pump's sleep when the waiter it sleeps for leaves. */
  private wakePump?: AbortController;

  constructor(
    private readonly options: ApplicationWriteBudgetOptions,
    private readonly clock: Clock,
  ) {
    const sustained = (options.quota * options.share) / options.windowMs;
    this.targetRate = sustained * options.targetFraction;
    this.minRate = sustained * options.minRateFraction;
    this.rate = this.targetRate;
    this.capacity = Math.max(1, options.quota * options.share * options.burstFraction);
    this.credit = this.capacity;
    this.updatedAt = clock.now();
  }

  /** Waits, in turn, until `writes` may be sent. False when `signal` aborted first (nothing taken). */
  acquire(writes: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    const now = this.clock.now();
    this.refill(now);
    if (this.queue.length === 0 && this.waitFor(writes, now) <= 0) {
      this.take(writes);
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at < 0) return;
        this.queue.splice(at, 1);
        waiter.settle(false);
        if (at === 0) this.wakePump?.abort();
      };
      const waiter: Waiter = {
        writes,
        settle: (granted) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(granted);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      void this.pump();
    });
  }

  /** An `Application/` 429 answered a batch sent at `sentAt`. */
  throttled(feedback: ApplicationThrottle): void {
    const now = this.clock.now();
    this.refill(now);
    this.throttles++;
    const wait = Math.min(this.options.maxRetryAfterMs, feedback.retryAfterMs ?? this.options.backoffMs);
    this.notBefore = Math.max(this.notBefore, now + wait);
    if (feedback.sentAt > this.lastCutAt) {
      this.rate = Math.max(this.minRate, this.rate * CUT_ON_429);
      this.lastCutAt = now;
      this.cuts++;
    }
    // Graph's bucket is empty until Retry-After (when ONE request may pass): so is ours, then it
    // earns credit again. Relative to the gate, so a burst of 429s of one episode does not pile up.
    this.credit = Math.min(this.credit, -(this.notBefore - now) * this.rate);
    this.holdUntil = Math.max(this.holdUntil, this.notBefore, now + HOLD_MS);
  }

  /** For progress reports, benchmarks and tests. */
  snapshot(): { ratePerSecond: number; targetPerSecond: number; waiting: number; granted: number; throttles: number; cuts: number } {
    this.refill(this.clock.now());
    return { ratePerSecond: this.rate * 1000, targetPerSecond: this.targetRate * 1000, waiting: this.queue.length, granted: this.granted, throttles: this.throttles, cuts: this.cuts };
  }

  /** Serves the queue in order, sleeping until the first waiter's writes are earned. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const now = this.clock.now();
        this.refill(now);
        const head = this.queue[0];
        const wait = this.waitFor(head.writes, now);
        if (wait <= 0) {
          this.queue.shift();
          this.take(head.writes);
          head.settle(true);
          continue;
        }
        this.wakePump = new AbortController();
        await this.clock.sleep(Math.ceil(wait), this.wakePump.signal);
      }
    } finally {
      this.wakePump = undefined;
      this.pumping = false;
    }
  }

  private waitFor(writes: number, now: number): number {
    // A batch larger than a (heavily scaled-down) bucket waits for a full bucket, not forever.
    const need = Math.min(writes, this.capacity);
    return Math.max(this.notBefore - now, this.credit >= need ? 0 : (need - this.credit) / this.rate);
  }

  private take(writes: number): void {
    this.credit -= writes;
    this.granted += writes;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    // Credit first, at the rate in force over the interval; recovery counts only past the hold.
    const recovering = Math.max(0, now - Math.max(this.updatedAt, this.holdUntil));
    this.updatedAt = now;
    this.credit = Math.min(this.capacity, this.credit + elapsed * this.rate);
    if (recovering > 0 && this.rate < this.targetRate) {
      this.rate = Math.min(this.targetRate, this.rate * (1 + RECOVERY_PER_SECOND * (recovering / 1000)));
    }
  }
}
