/**
 * Identity and access service limits, graph-api.md §8.2 (includes/throttling-identity-and-access.md).
 * Quotas are multiplied by `quotaScale` and windows by `timeScale` (graph-sim/README.md).
 */
export const IDENTITY_LIMITS = {
  /** Resource units per app + tenant per 10 s, by tenant size: S < 50 users, M 50–500, L > 500. */
  resourceUnits: { S: 3_500, M: 5_000, L: 8_000, windowMs: 10_000 },
  /** Resource units per application over all tenants. */
  applicationResourceUnits: { quota: 150_000, windowMs: 20_000 },
  /** Writes per app + tenant: 3,000 per 2 min 30 s. */
  appTenantWrites: { quota: 3_000, windowMs: 150_000 },
  /** Writes per tenant over all apps: 18,000 per 5 min. */
  tenantWrites: { quota: 18_000, windowMs: 300_000 },
  /** Writes per application over all tenants: 35,000 per 5 min. */
  applicationWrites: { quota: 35_000, windowMs: 300_000 },
} as const;

export type SizeClass = 'S' | 'M' | 'L';

export function sizeClassOf(userCount: number): SizeClass {
  if (userCount < 50) return 'S';
  return userCount <= 500 ? 'M' : 'L';
}
