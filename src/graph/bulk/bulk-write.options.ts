/**
 * How hard the bulk executor may push on the directory's write quota. Defaults are production's:
 * 3,000 writes per 150 s per app + tenant (graph-api.md §8.2), i.e. 20 writes/s sustained.
 * A benchmark or test against a time-scaled simulator passes the scaled quota here; the executor
 * itself knows nothing of scaling and adapts to what Graph answers either way.
 */
export interface BulkWriteOptions {
  /** Writes allowed per window by the app + tenant write quota. */
  quota: number;
  windowMs: number;
  /** Share of the sustained quota rate to aim at (just under it, so the bucket never runs dry). */
  targetFraction: number;
  /**
   * Share of the quota assumed available as a burst when the run starts (the bucket starts full).
   * The burst ends at the first `x-ms-throttle-limit-percentage` or 429, whichever comes first.
   */
  initialBurstFraction: number;
  /** The lowest rate, as a share of the quota rate, that throttling may push the pacer down to. */
  minRateFraction: number;
  /** `$batch` envelopes in flight at most (slow start from 1). */
  maxConcurrency: number;
  /** Requests per `$batch`: 20 is Graph's limit (§7). */
  batchSize: number;
  /** Attempts per write answered 503/504 (or left unanswered) before it is reported as failed. */
  maxAttempts: number;
  /**
   * Attempts per write answered 429 before it is reported as failed: larger, since throttling is the
   * expected answer when other apps or jobs share the quota, yet still bounded (never forever).
   */
  maxThrottledAttempts: number;
  /** Consecutive failed envelopes (5xx, 429, dropped connection) before the run gives up. */
  maxEnvelopeFailures: number;
  /** Backoff when Graph names no wait: base and cap. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Longest Retry-After honoured (the SDK caps at 180 s too). */
  maxRetryAfterMs: number;
}

export const DEFAULT_BULK_WRITE_OPTIONS: Readonly<BulkWriteOptions> = Object.freeze({
  quota: 3_000,
  windowMs: 150_000,
  targetFraction: 0.97,
  initialBurstFraction: 0.8,
  minRateFraction: 0.1,
  maxConcurrency: 4,
  batchSize: 20,
  maxAttempts: 8,
  maxThrottledAttempts: 30,
  maxEnvelopeFailures: 8,
  backoffBaseMs: 1_000,
  backoffCapMs: 30_000,
  maxRetryAfterMs: 180_000,
});

export function bulkWriteOptions(overrides: Partial<BulkWriteOptions> = {}): BulkWriteOptions {
  const options = { ...DEFAULT_BULK_WRITE_OPTIONS, ...overrides };
  if (!(options.quota > 0 && options.windowMs > 0)) throw new Error('BulkWriteOptions: quota and windowMs must be positive');
  if (!(options.batchSize >= 1 && options.batchSize <= 20)) throw new Error('BulkWriteOptions: batchSize must be 1..20 ($batch limit)');
  if (!(options.maxConcurrency >= 1 && options.maxAttempts >= 1)) throw new Error('BulkWriteOptions: maxConcurrency and maxAttempts must be at least 1');
  return options;
}
