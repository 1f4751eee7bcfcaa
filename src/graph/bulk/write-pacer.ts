import { BulkWriteOptions } from './bulk-write.options';
import { Clock } from '../../time/clock';

/** What one `$batch` answer told us about the write quota. */
export interface PacerFeedback {
  /** When the batch was sent: a 429 for a batch sent before the last cut says nothing new. */
  sentAt: number;
  /** Some request (or the envelope) was answered 429. */
  throttled: boolean;
  /** The longest Retry-After among the 429s. */
  retryAfterMs?: number;
  /** The highest `x-ms-throttle-limit-percentage` seen in the answer. */
  limitPercentage?: number;
  /** Writes of the batch the quota let through (answered anything but 429). */
  accepted: number;
}

/** Growth of the rate per second without throttling, relative to itself (0.7 → 1.0 in about 7 s). */
const RECOVERY_PER_SECOND = 0.05;
/** How far back the accepted-writes rate is measured, in answered batches. */
const OBSERVED_BATCHES = 16;
/** Multiplicative decrease on a fresh 429; gentler when Graph only says "above 100 %". */
const CUT_ON_429 = 0.7;
const CUT_ON_OVER_LIMIT = 0.9;
/** Above this `x-ms-throttle-limit-percentage` the pacer stops speeding up. */
const HOLD_ABOVE = 0.95;
/** No recovery for this long after a warning above HOLD_ABOVE or a 429 (or until its Retry-After, if later). */
const HOLD_MS = 1_000;
/**
 * Graph only warns above 0.8 of a limit, so once `n` writes passed unwarned at least n/4 more fit
 * (0.2 / 0.8) whatever the real quota is: the burst keeps at most that many writes in flight.
 */
const BURST_IN_FLIGHT_SHARE = 0.25;

/**
 * Paces writes to just under the write quota and adapts to what Graph answers (AIMD):
 *
 * - A credit bucket of its own: it starts with the burst the quota allows (the service's bucket
 *   starts full) and refills at the target rate, capped at one batch once the burst is over, so
 *   the steady state is one batch every `batchSize / rate` with no hoarding.
 * - The burst ends at the first `x-ms-throttle-limit-percentage` (usage above 0.8) or 429: the
 *   service's real bucket may be smaller or already partly spent, and the pacer cannot know.
 * - A 429 closes the gate until its Retry-After (plus one batch's credit: Retry-After is when ONE
 *   request may pass), cuts the rate to ×0.7 or to the rate Graph actually accepted lately,
 *   whichever is lower, and halves the concurrency; once per episode (only batches sent after the
 *   previous cut count). Usage ≥ 100 % (`x-ms-throttle-limit-percentage`) cuts gently.
 * - No catching up after a hold: while the gate is closed (and for a second after a 429 or a warning
 *   above HOLD_ABOVE) the rate does not recover, and credit is earned at the rate in force (the cut
 *   one), so the first moments after a Retry-After run at the cut rate, not in a burst.
 * - During the burst, batches in flight grow with the writes accepted without a warning (see
 *   BURST_IN_FLIGHT_SHARE). Afterwards, without throttling, the rate creeps back to the target and
 *   the concurrency grows by one per clean batch, up to the configured maximum.
 */
export class WritePacer {
  private readonly targetRate: number;
  private readonly minRate: number;
  private rate: number;
  private credit: number;
  private creditCap: number;
  private updatedAt: number;
  private notBefore = 0;
  private inBurst = true;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private lastOverLimitCutAt = Number.NEGATIVE_INFINITY;
  private holdUntil = 0;
  private cuts = 0;
  private unwarned = 0;
  private readonly accepted: Array<{ at: number; writes: number }> = [];
  private concurrency = 1;

  constructor(
    private readonly options: BulkWriteOptions,
    private readonly clock: Clock,
  ) {
    this.targetRate = (options.quota / options.windowMs) * options.targetFraction;
    this.minRate = (options.quota / options.windowMs) * options.minRateFraction;
    this.rate = this.targetRate;
    this.credit = Math.max(options.batchSize, options.quota * options.initialBurstFraction);
    this.creditCap = this.credit;
    this.updatedAt = clock.now();
  }

  /** Waits until `writes` may be sent. False when `signal` aborted first. */
  async acquire(writes: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const now = this.clock.now();
      this.refill(now);
      const wait = Math.max(this.notBefore - now, this.credit >= writes ? 0 : (writes - this.credit) / this.rate);
      if (wait <= 0) {
        this.credit -= writes;
        return true;
      }
      await this.clock.sleep(Math.ceil(wait), signal);
    }
  }

  /**
   * `$batch` envelopes that may be in flight now. During the burst it grows with the writes Graph
   * accepted without a warning, so the burst cannot overshoot the quota whatever its size; after
   * it, slow start and halving on 429 (the rate, not the concurrency, then holds the quota).
   */
  concurrencyLimit(): number {
    if (!this.inBurst) return this.concurrency;
    const writes = Math.floor((this.unwarned * BURST_IN_FLIGHT_SHARE) / this.options.batchSize);
    return Math.max(1, Math.min(this.options.maxConcurrency, writes));
  }

  observe(feedback: PacerFeedback): void {
    const now = this.clock.now();
    this.refill(now);
    const p = feedback.limitPercentage;
    if (feedback.throttled || p !== undefined) this.endBurst();
    else this.unwarned += feedback.accepted;
    this.accepted.push({ at: now, writes: feedback.accepted });
    if (this.accepted.length > OBSERVED_BATCHES) this.accepted.shift();
    if (feedback.throttled) {
      const wait = Math.min(this.options.maxRetryAfterMs, feedback.retryAfterMs ?? this.options.backoffBaseMs);
      this.notBefore = Math.max(this.notBefore, now + wait);
      if (feedback.sentAt > this.lastCutAt) {
        // While saturated, what Graph accepted is the quota's real rate: never aim above it again.
        const observed = this.observedRate(now);
        this.rate = Math.max(this.minRate, Math.min(this.rate * CUT_ON_429, observed ?? Infinity));
        this.concurrency = Math.max(1, Math.floor(this.concurrency / 2));
        this.lastCutAt = now;
        this.cuts++;
      }
      // Retry-After is when ONE request could pass: a whole batch needs its credit earned after
      // that, so the credit owes the wait until the gate opens (at the new rate) on top of being
      // emptied. Measured from the gate, so the other 429s of one episode do not add their waits up.
      this.credit = Math.min(this.credit, 0, -(this.notBefore - now) * this.rate);
      // No recovery before the gate opens (nor for a second after the 429): see refill.
      this.holdUntil = Math.max(this.holdUntil, this.notBefore, now + HOLD_MS);
      return;
    }
    if (p !== undefined && p >= 1 && now - this.lastOverLimitCutAt >= 1_000) {
      this.rate = Math.max(this.minRate, this.rate * CUT_ON_OVER_LIMIT);
      this.lastOverLimitCutAt = now;
      this.cuts++;
    }
    if (p !== undefined && p >= HOLD_ABOVE) {
      // Never shortens a hold already in force (a 429's Retry-After).
      this.holdUntil = Math.max(this.holdUntil, now + HOLD_MS);
      return;
    }
    this.concurrency = Math.min(this.options.maxConcurrency, this.concurrency + 1);
  }

  /** For progress reports, benchmarks and tests. */
  snapshot(): { ratePerSecond: number; targetPerSecond: number; concurrency: number; inBurst: boolean; cuts: number } {
    this.refill(this.clock.now());
    return { ratePerSecond: this.rate * 1000, targetPerSecond: this.targetRate * 1000, concurrency: this.concurrencyLimit(), inBurst: this.inBurst, cuts: this.cuts };
  }

  /** Writes per ms Graph accepted over the last answered batches (undefined until there are a few). */
  private observedRate(now: number): number | undefined {
    if (this.accepted.length < 4) return undefined;
    const span = now - this.accepted[0].at;
    if (span <= 0) return undefined;
    // The oldest entry marks the start of the span; its own writes were accepted before it.
    const writes = this.accepted.slice(1).reduce((sum, a) => sum + a.writes, 0);
    return writes / span;
  }

  private endBurst(): void {
    if (!this.inBurst) return;
    this.concurrency = this.concurrencyLimit();
    this.inBurst = false;
    this.creditCap = this.options.batchSize;
    // The service's bucket is at least 80 % spent: whatever credit we still hold is fiction.
    this.credit = Math.min(this.credit, 0);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    // Credit first, at the rate in force over the interval (the cut one during a hold: with the
    // debt a 429 left, the credit is back to zero when the gate opens, not a batch ahead); then
    // recovery, counting only the time past the hold, never the hold itself.
    const recovering = Math.max(0, now - Math.max(this.updatedAt, this.holdUntil));
    this.updatedAt = now;
    this.credit = Math.min(this.creditCap, this.credit + elapsed * this.rate);
    if (recovering > 0 && this.rate < this.targetRate) {
      this.rate = Math.min(this.targetRate, this.rate * (1 + RECOVERY_PER_SECOND * (recovering / 1000)));
    }
  }
}
