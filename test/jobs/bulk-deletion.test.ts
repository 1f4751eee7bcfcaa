import { GraphSimulator } from '../../graph-sim';
import { bulkTenant, deletionSim, expectCleanDirectory, jobFor, runJob } from './deletion-fixture';

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
    expect(checkpoints.at(-1)?.ratePerSecond).toBeGreaterThan(0);
    expectCleanDirectory(sim, tenant);
  });
});
