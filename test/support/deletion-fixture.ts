import { GraphSimulator, ScenarioSpec, SCENARIOS, SimulatorOptions, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { BulkWriteOptions, createGraphClient, GraphUserDeletionJob } from '../../src/graph';
import { systemClock } from '../../src/time';
import { ApprovedUsers, DeletionProgress, UserDeletionRequest, UserDeletionResult } from '../../src/ports';

/**
 * An approval of whoever the directory lists: for the tests of pacing, failures and resuming, where
 * what was approved is not the point (test/steps/users/approved-set-deletion.test.ts tests that the job keeps to its set).
 */
export const EVERYONE_LISTED: ApprovedUsers = { size: Number.MAX_SAFE_INTEGER, has: () => true };

/**
 * The simulator for the deletion-job tests: windows 100× shorter (timeScale 0.01) and the write
 * quota 10× smaller (300 writes per 1.5 s = 200/s), so a few hundred users take about a second.
 * The job is told the same quota, as production is told 3,000 / 150 s.
 */
export const SIM_TIME_SCALE = 0.01;
export const SIM_QUOTA_SCALE = 0.1;
export const SCALED_QUOTA: Partial<BulkWriteOptions> = {
  quota: 3_000 * SIM_QUOTA_SCALE,
  windowMs: 150_000 * SIM_TIME_SCALE,
  backoffBaseMs: 20,
  backoffCapMs: 200,
};

export async function deletionSim(options: SimulatorOptions = {}): Promise<GraphSimulator> {
  return startGraphSimulator({ scenarios: [], timeScale: SIM_TIME_SCALE, quotaScale: SIM_QUOTA_SCALE, ...options });
}

/** A cloud-only tenant: the acting Global Administrator and `users` others. */
export function bulkTenant(name: string, users: number): ScenarioSpec {
  const small = SCENARIOS.small;
  return {
    ...small,
    name,
    displayName: `Bulk ${name}`,
    initialDomain: `${name}.onmicrosoft.com`,
    generatedUsers: { count: users },
    subscriptions: small.subscriptions.map((s) => ({ ...s, totalLicenses: users + 10 })),
  };
}

export function jobFor(sim: GraphSimulator, tenant: TenantInfo, bulk: Partial<BulkWriteOptions> = {}, maxRetries = 2): GraphUserDeletionJob {
  const client = createGraphClient({ endpoint: sim.url, token: async () => sim.tokenFor(tenant.tenantId, tenant.adminId), maxRetries });
  return new GraphUserDeletionJob(client, systemClock, { bulk: { ...SCALED_QUOTA, ...bulk } });
}

/** Runs a job and records every checkpoint; `decide` answers each one (default: continue). */
export async function runJob(
  job: GraphUserDeletionJob,
  tenant: TenantInfo,
  extra: Partial<UserDeletionRequest> & { decide?: (p: DeletionProgress, n: number) => 'continue' | 'pause' | 'stop' } = {},
): Promise<{ result: UserDeletionResult; checkpoints: DeletionProgress[] }> {
  const checkpoints: DeletionProgress[] = [];
  const { decide, ...request } = extra;
  const result = await job.run({
    tenantId: tenant.tenantId,
    keepUserId: tenant.adminId,
    approved: EVERYONE_LISTED,
    onCheckpoint: async (p) => {
      checkpoints.push(p);
      return decide ? decide(p, checkpoints.length) : 'continue';
    },
    ...request,
  });
  return { result, checkpoints };
}

/** No user deleted twice, and nobody left but the acting admin (and `alsoLeft`). */
export function expectCleanDirectory(sim: GraphSimulator, tenant: TenantInfo, alsoLeft: string[] = []): void {
  const inspection = sim.inspect(tenant.tenantId);
  expect(Object.values(inspection.deleteCalls).every((n) => n === 1)).toBe(true);
  expect(inspection.deleteCalls[tenant.adminId]).toBeUndefined();
  expect(inspection.users.map((u) => u.id).sort()).toEqual([tenant.adminId, ...alsoLeft].sort());
  expect(inspection.violations).toEqual([]);
}
