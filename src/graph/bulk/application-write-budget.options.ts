/**
 * The application-wide write quota that every tenant's deletion job in this process shares.
 * Defaults are production's: 35,000 writes per 5 min per application over all tenants
 * (graph-api.md §8.2), about 117 writes/s, against 20/s per app + tenant: six tenants deleting at
 * once already reach it. A test or benchmark against a scaled simulator passes the scaled quota,
 * exactly as it does for the per-tenant quota (BulkWriteOptions).
 *
 * Every bot instance keeps its own budget (nothing is coordinated between processes): with several
 * instances, `share` is the part of the quota one instance may use (1/N for N instances that may
 * all delete at once); the 429 feedback still slows each instance down if the shares overlap.
 */
export interface ApplicationWriteBudgetOptions {
  /** Writes allowed per window to the application over all tenants. */
  quota: number;
  windowMs: number;
  /** Part of the quota this instance uses, 0 < share ≤ 1. */
  share: number;
  /**
   * Share of the sustained rate to aim at: below the pacers' 0.97, since the bot's other writes
   * (the closure's steps) are not paced through the budget and count against the same quota.
   */
  targetFraction: number;
  /** Share of the quota spent as a burst at start (Graph's bucket starts full); the rest is margin. */
  burstFraction: number;
  /** The lowest rate, as a share of the sustained rate, that `Application/` 429s may cut it to. */
  minRateFraction: number;
  /** Wait after an `Application/` 429 that names none; the longest Retry-After honoured. */
  backoffMs: number;
  maxRetryAfterMs: number;
}

export const DEFAULT_APPLICATION_WRITE_BUDGET_OPTIONS: Readonly<ApplicationWriteBudgetOptions> = Object.freeze({
  quota: 35_000,
  windowMs: 300_000,
  share: 1,
  targetFraction: 0.95,
  burstFraction: 0.8,
  minRateFraction: 0.1,
  backoffMs: 1_000,
  maxRetryAfterMs: 180_000,
});

export function applicationWriteBudgetOptions(overrides: Partial<ApplicationWriteBudgetOptions> = {}): ApplicationWriteBudgetOptions {
  const options = { ...DEFAULT_APPLICATION_WRITE_BUDGET_OPTIONS, ...overrides };
  if (!(options.quota > 0 && options.windowMs > 0)) throw new Error('ApplicationWriteBudgetOptions: quota and windowMs must be positive');
  if (!(options.share > 0 && options.share <= 1)) throw new Error('ApplicationWriteBudgetOptions: share must be in (0, 1]');
  if (!(options.targetFraction > 0 && options.targetFraction <= 1)) throw new Error('ApplicationWriteBudgetOptions: targetFraction must be in (0, 1]');
  if (!(options.burstFraction >= 0 && options.burstFraction <= 1)) throw new Error('ApplicationWriteBudgetOptions: burstFraction must be in [0, 1]');
  return options;
}
