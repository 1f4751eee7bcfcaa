import { GraphSimulator, IDENTITY_LIMITS, ScenarioSpec, SCENARIOS, startGraphSimulator } from '../../graph-sim';

/**
 * The scaled world of the benchmark. The simulator shrinks every throttling window AND every quota
 * by TIME_SCALE, so the write quota keeps production's shape and sustained rate (3,000 per 150 s
 * becomes 150 per 7.5 s: still 20 writes/s), only bursts and recovery are 20× shorter. The engine
 * runs with its production defaults (3,000 / 150 s): it is not told about the scaling.
 */
export const TIME_SCALE = 0.05;
export const LATENCY = { fixedMs: 100, jitterMs: 0 };
export const QUOTA = IDENTITY_LIMITS.appTenantWrites.quota * TIME_SCALE;
export const WINDOW_S = (IDENTITY_LIMITS.appTenantWrites.windowMs * TIME_SCALE) / 1000;
/** Writes per second the app + tenant quota sustains in the scaled world (= production's 20/s). */
export const QUOTA_RATE = QUOTA / WINDOW_S;
/**
 * The application-wide write quota (all tenants) scaled the same way: 35,000 / 300 s becomes
 * 1,750 / 15 s, the same ~117 writes/s. Unlike each job's pacer, the shared ApplicationWriteBudget
 * IS told this scaled quota (as tests tell the jobs theirs): its burst is a fixed share of the
 * quota, and Graph's warnings do not say which quota they are about, so it cannot learn the size.
 */
export const APP_QUOTA = IDENTITY_LIMITS.applicationWrites.quota * TIME_SCALE;
export const APP_WINDOW_S = (IDENTITY_LIMITS.applicationWrites.windowMs * TIME_SCALE) / 1000;
export const APP_QUOTA_RATE = APP_QUOTA / APP_WINDOW_S;

export function explainSettings(): string {
  return [
    `Simulator: timeScale ${TIME_SCALE} (windows and quotas ×${TIME_SCALE}), latency ${LATENCY.fixedMs} ms per request.`,
    `Write quota per app+tenant: ${IDENTITY_LIMITS.appTenantWrites.quota} / ${IDENTITY_LIMITS.appTenantWrites.windowMs / 1000} s in production -> ${QUOTA} / ${WINDOW_S} s here: the same ${QUOTA_RATE.toFixed(1)} writes/s sustained.`,
    `Other write quotas scale too: tenant ${IDENTITY_LIMITS.tenantWrites.quota * TIME_SCALE} / ${(IDENTITY_LIMITS.tenantWrites.windowMs * TIME_SCALE) / 1000} s, application (all tenants) ${IDENTITY_LIMITS.applicationWrites.quota * TIME_SCALE} / ${(IDENTITY_LIMITS.applicationWrites.windowMs * TIME_SCALE) / 1000} s.`,
  ].join('\n');
}

export async function benchSimulator(): Promise<GraphSimulator> {
  return startGraphSimulator({ scenarios: [], timeScale: TIME_SCALE, latency: LATENCY, seed: 7 });
}

/** A cloud-only tenant: the acting Global Administrator and `users` others. */
export function benchTenant(name: string, users: number): ScenarioSpec {
  const small = SCENARIOS.small;
  return {
    ...small,
    name,
    displayName: `Bench ${name}`,
    initialDomain: `${name}.onmicrosoft.com`,
    generatedUsers: { count: users },
    subscriptions: small.subscriptions.map((s) => ({ ...s, totalLicenses: users + 10 })),
  };
}
