import { IDENTITY_LIMITS } from '../../../graph-sim';

/**
 * The raised world of the 100,000-user run. At production's 20 writes/s a 100,000-user deletion
 * takes about 83 minutes, so the simulator's windows shrink by TIME_SCALE and its quotas by
 * TIME_SCALE × rateMultiplier: every write quota sustains `rateMultiplier` times its production rate
 * (3,000 / 150 s per app + tenant becomes 1,500 / 7.5 s: 200 writes/s at ×10). The bot's deletion job
 * and its application write budget are told the same raised quotas, as production is told Graph's.
 */
export const TIME_SCALE = 0.05;

export interface LargeQuotas {
  timeScale: number;
  quotaScale: number;
  /** Per app + tenant: what the job paces against, and what the run's rate is compared with. */
  tenantQuota: number;
  tenantWindowMs: number;
  tenantRatePerSecond: number;
  /** Per app over all tenants: the bot's shared write budget. */
  appQuota: number;
  appWindowMs: number;
}

export function largeQuotas(rateMultiplier: number): LargeQuotas {
  const quotaScale = TIME_SCALE * rateMultiplier;
  const tenantQuota = IDENTITY_LIMITS.appTenantWrites.quota * quotaScale;
  const tenantWindowMs = IDENTITY_LIMITS.appTenantWrites.windowMs * TIME_SCALE;
  return {
    timeScale: TIME_SCALE,
    quotaScale,
    tenantQuota,
    tenantWindowMs,
    tenantRatePerSecond: tenantQuota / (tenantWindowMs / 1000),
    appQuota: IDENTITY_LIMITS.applicationWrites.quota * quotaScale,
    appWindowMs: IDENTITY_LIMITS.applicationWrites.windowMs * TIME_SCALE,
  };
}
