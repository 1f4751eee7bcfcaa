import { GraphSimulator } from '../../../graph-sim';
import { bulkTenant, deletionSim, expectCleanDirectory, jobFor, runJob } from '../../support/deletion-fixture';

/** The deletion job against the simulator's throttling and faults: everyone but the admin, once. */
describe('GraphUserDeletionJob: throttling and faults (simulator)', () => {
  let sim: GraphSimulator;
  afterEach(() => sim.close());

  it('deletes everyone but the acting admin under the write quota, checkpointing counts', async () => {
    sim = await deletionSim();
    const tenant = sim.addTenant(bulkTenant('plain', 400));
    const { result, checkpoints } = await runJob(jobFor(sim, tenant), tenant);
    expect(result.outcome).toBe('completed');
    expect(result.progress).toMatchObject({ total: 400, done: 400, failed: 0 });
    expect(result.failures).toEqual([]);
    expect(checkpoints.length).toBeGreaterThanOrEqual(400 / 20 / 4);
    expect(checkpoints.map((c) => c.done)).toEqual([...checkpoints.map((c) => c.done)].sort((a, b) => a - b));
    expect(checkpoints.every((c) => c.total === 400 && c.done + c.failed <= 400)).toBe(true);
    expect(checkpoints.at(-1)?.ratePerSecond).toBeGreaterThan(0);
    expect(sim.inspect(tenant.tenantId).counters.throttled).toBe(0);
    expectCleanDirectory(sim, tenant);
  });

  it('retries per-item 429s inside batches (Retry-After) until every user is deleted', async () => {
    sim = await deletionSim({ faults: { rate429: 0.1 }, seed: 3 });
    const tenant = sim.addTenant(bulkTenant('item429', 150));
    const { result } = await runJob(jobFor(sim, tenant, {}, 0), tenant);
    expect(sim.inspect(tenant.tenantId).counters.throttled).toBeGreaterThan(5);
    expect(result.outcome).toBe('completed');
    expect(result.progress).toMatchObject({ total: 150, done: 150, failed: 0 });
    expectCleanDirectory(sim, tenant);
  });

  it('adapts to a write quota smaller than it was told (429s from the real bucket) without failures', async () => {
    // The service allows 30 writes / 1.5 s; the job believes 300 / 1.5 s and must learn from 429s.
    sim = await deletionSim({ quotaScale: 0.01 });
    const tenant = sim.addTenant(bulkTenant('smallquota', 120));
    const { result } = await runJob(jobFor(sim, tenant, { initialBurstFraction: 1 }, 0), tenant);
    expect(result.outcome).toBe('completed');
    expect(result.progress).toMatchObject({ done: 120, failed: 0 });
    expectCleanDirectory(sim, tenant);
  });

  it('rides out a 503/504 storm on the $batch envelope', async () => {
    sim = await deletionSim({ faults: { rate503: 0.35, rate504: 0.1 }, seed: 5 });
    const tenant = sim.addTenant(bulkTenant('storm', 200));
    const { result } = await runJob(jobFor(sim, tenant, { maxEnvelopeFailures: 20 }, 0), tenant);
    expect(sim.inspect(tenant.tenantId).counters.errors5xx).toBeGreaterThan(3);
    expect(result.outcome).toBe('completed');
    expect(result.progress).toMatchObject({ done: 200, failed: 0 });
    expectCleanDirectory(sim, tenant);
  });

  it('survives dropped connections, before and after the deletes took effect, deleting nobody twice', async () => {
    sim = await deletionSim({ faults: { rateDrop: 0.3 }, seed: 11 });
    const tenant = sim.addTenant(bulkTenant('drops', 200));
    const { result } = await runJob(jobFor(sim, tenant, { maxEnvelopeFailures: 20 }, 2), tenant);
    expect(sim.inspect(tenant.tenantId).counters.dropped).toBeGreaterThanOrEqual(2);
    expect(result.outcome).toBe('completed');
    // A batch dropped after it took effect comes back as 404s on retry: done, not failed.
    expect(result.progress).toMatchObject({ done: 200, failed: 0 });
    expectCleanDirectory(sim, tenant);
  });
});
