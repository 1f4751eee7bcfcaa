import { GraphSimulator, SCENARIOS } from '../../../graph-sim';
import { createGraphClient } from '../../../src/graph';
import { GraphUserDeletionJob } from '../../../src/graph/user-deletion/graph-user-deletion.job';
import { systemClock } from '../../../src/time';
import { deletionSim, jobFor, runJob } from '../../support/deletion-fixture';

describe('GraphUserDeletionJob: users that cannot be deleted', () => {
  let sim: GraphSimulator;
  afterEach(() => sim.close());

  it("reports each refused user once with Graph's reason, deletes the rest and completes", async () => {
    // Directory sync on: 41 users are mastered on-premises and Graph refuses to delete them (400).
    sim = await deletionSim({ scenarios: [SCENARIOS.synced] });
    const tenant = sim.tenants()[0];
    const synced = sim.inspect(tenant.tenantId).users.filter((u) => u.onPremisesSyncEnabled === true);
    const { result, checkpoints } = await runJob(jobFor(sim, tenant), tenant);

    expect(result.outcome).toBe('completed');
    expect(result.progress).toMatchObject({ total: 42, done: 1, failed: 41 });
    expect(checkpoints.at(-1)).toMatchObject({ done: 1, failed: 41 });
    expect(result.failures.map((f) => f.userId).sort()).toEqual(synced.map((u) => u.id).sort());
    const failure = result.failures[0];
    expect(failure.status).toBe(400);
    expect(failure.message).toMatch(/on-premises mastered/);
    expect(failure.userPrincipalName).toMatch(/@/);
    // Not retried: exactly one refused attempt per synced user, and the admin never attempted.
    const inspection = sim.inspect(tenant.tenantId);
    const attempts = new Map<string, number>();
    for (const v of inspection.violations) attempts.set(v.targetId, (attempts.get(v.targetId) ?? 0) + 1);
    expect([...attempts.keys()].sort()).toEqual(synced.map((u) => u.id).sort());
    expect([...attempts.values()].every((n) => n === 1)).toBe(true);
    expect(inspection.violations.every((v) => v.kind === 'write-synced-object-while-sync-on')).toBe(true);
    expect(inspection.users.map((u) => u.id).sort()).toEqual([tenant.adminId, ...synced.map((u) => u.id)].sort());
  });

  it("fails the run with Graph's error when the token is refused, without retrying it", async () => {
    sim = await deletionSim({ scenarios: ['small'] });
    const tenant = sim.tenants()[0];
    const client = createGraphClient({ endpoint: sim.url, token: async () => 'sim.not-a-tenant.nobody', maxRetries: 0 });
    const { result } = await runJob(new GraphUserDeletionJob(client), tenant);
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatchObject({ status: 401 });
    expect(sim.counters().requests).toBe(1);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
  });

  it('gives up on a write after a bounded number of 503s and reports it, instead of retrying forever', async () => {
    sim = await deletionSim({ scenarios: ['small'], faults: { rate503: 1 } });
    const tenant = sim.tenants()[0];
    const client = createGraphClient({ endpoint: sim.url, token: async () => sim.tokenFor(tenant.tenantId, tenant.adminId), maxRetries: 0 });
    const job = new GraphUserDeletionJob(client, systemClock, { bulk: { backoffBaseMs: 5, backoffCapMs: 20, maxAttempts: 3 } });
    const { result } = await runJob(job, tenant);
    // Even the listing is refused: the run ends, failed, after its bounded retries.
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatchObject({ status: 503 });
    expect(sim.counters().requests).toBe(3);
  });
});
