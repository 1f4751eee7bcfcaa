import { setMaxListeners } from 'node:events';
import { GraphSimulator, TenantInfo } from '../../../graph-sim';
import { ApplicationWriteBudget } from '../../../src/graph';
import { applicationWriteBudgetOptions } from '../../../src/graph';
import { systemClock } from '../../../src/time';
import { createGraphClient } from '../../../src/graph';
import { GraphUserDeletionJob } from '../../../src/graph/user-deletion/graph-user-deletion.job';
import { countingThrottleScopes, noThrottles, ThrottleScopeCounts } from '../../../scripts/bench/throttle-scopes';
import { bulkTenant, deletionSim, expectCleanDirectory, runJob } from '../../support/deletion-fixture';

/**
 * Here the application-wide write quota binds: windows ×0.005 and quotas ×0.01, so each tenant's
 * app + tenant quota is 30 writes / 0.75 s (40/s) and the application's over all tenants 350 / 1.5 s
 * (~233/s). Ten tenants deleting at once ask for ~390/s. Every job is told its tenant's quota and
 * all share one budget told the application's, as production's are told 3,000 / 150 s and
 * 35,000 / 5 min.
 */
const TIME_SCALE = 0.005;
const QUOTA_SCALE = 0.01;
const TENANTS = 10;
const USERS = 120;
const TENANT_QUOTA = { quota: 3_000 * QUOTA_SCALE, windowMs: 150_000 * TIME_SCALE, backoffBaseMs: 20, backoffCapMs: 200 };
const APP_QUOTA = { quota: 35_000 * QUOTA_SCALE, windowMs: 300_000 * TIME_SCALE, backoffMs: 20 };

describe('Deletion jobs of many tenants at once share the application-wide write quota (simulator)', () => {
  let sim: GraphSimulator;
  let tenants: TenantInfo[];
  let scopes: ThrottleScopeCounts;
  beforeEach(async () => {
    sim = await deletionSim({ timeScale: TIME_SCALE, quotaScale: QUOTA_SCALE });
    tenants = Array.from({ length: TENANTS }, (_, i) => sim.addTenant(bulkTenant(`shared${i}`, USERS)));
    scopes = noThrottles();
  });
  afterEach(() => sim.close());

  const jobOf = (tenant: TenantInfo, writeBudget?: ApplicationWriteBudget) => {
    const client = createGraphClient({ endpoint: sim.url, token: async () => sim.tokenFor(tenant.tenantId, tenant.adminId), maxRetries: 0 });
    return new GraphUserDeletionJob(countingThrottleScopes(client, scopes), systemClock, { bulk: TENANT_QUOTA, writeBudget });
  };

  it('with one shared budget: no Application-scope 429, everyone deleted once, no admin', async () => {
    const budget = new ApplicationWriteBudget(applicationWriteBudgetOptions(APP_QUOTA), systemClock);
    let mostWaiting = 0;
    const runs = await Promise.all(
      tenants.map((tenant) =>
        runJob(jobOf(tenant, budget), tenant, {
          decide: () => {
            mostWaiting = Math.max(mostWaiting, budget.snapshot().waiting);
            return 'continue';
          },
        }),
      ),
    );
    for (const [i, { result }] of runs.entries()) {
      expect(result.outcome).toBe('completed');
      expect(result.progress).toMatchObject({ total: USERS, done: USERS, failed: 0 });
      expectCleanDirectory(sim, tenants[i]);
    }
    // The budget, not Graph, held the jobs back: they queued for it ...
    expect(mostWaiting).toBeGreaterThan(1);
    // ... and Graph never had to refuse the application (one batch's worth allowed for timing noise).
    expect(scopes.Application).toBeLessThanOrEqual(20);
    expect(budget.snapshot().granted).toBeGreaterThanOrEqual(TENANTS * USERS);
  });

  it('without it the same jobs run into the application quota (what the budget prevents), still deleting everyone once', async () => {
    const runs = await Promise.all(tenants.map((tenant) => runJob(jobOf(tenant), tenant)));
    for (const [i, { result }] of runs.entries()) {
      expect(result.outcome).toBe('completed');
      expect(result.progress).toMatchObject({ done: USERS, failed: 0 });
      expectCleanDirectory(sim, tenants[i]);
    }
    // Measured: about 300 (not timing-proof in size, but far above the bound the budget is held to).
    expect(scopes.Application).toBeGreaterThan(20);
  });

  it('a job paused or stopped while queued for the shared budget ends; the others finish', async () => {
    const budget = new ApplicationWriteBudget(applicationWriteBudgetOptions(APP_QUOTA), systemClock);
    const stop = new AbortController();
    setMaxListeners(50, stop.signal);
    const runs = await Promise.all(
      tenants.map((tenant, i) => {
        if (i === 0) return runJob(jobOf(tenant, budget), tenant, { decide: (_p, n) => (n === 2 ? 'pause' : 'continue') });
        if (i === 1) {
          return runJob(jobOf(tenant, budget), tenant, {
            signal: stop.signal,
            decide: (_p, n) => {
              if (n === 2) stop.abort();
              return 'continue';
            },
          });
        }
        return runJob(jobOf(tenant, budget), tenant);
      }),
    );
    expect(runs[0].result.outcome).toBe('paused');
    expect(runs[1].result.outcome).toBe('stopped');
    for (const [i, { result }] of runs.entries()) {
      if (i < 2) {
        expect(result.progress.done).toBeLessThan(USERS);
        expect(Object.values(sim.inspect(tenants[i].tenantId).deleteCalls).every((n) => n === 1)).toBe(true);
        continue;
      }
      expect(result.outcome).toBe('completed');
      expectCleanDirectory(sim, tenants[i]);
    }
    expect(budget.snapshot().waiting).toBe(0);
  });
});
