import { GraphSimulator } from '../../../graph-sim';
import { DeletionProgress } from '../../../src/ports';
import { bulkTenant, deletionSim, expectCleanDirectory, jobFor, runJob } from '../../support/deletion-fixture';

/** Pause, stop, abort and resume: the directory is the cursor, the checkpoint only counts. */
describe('GraphUserDeletionJob: pause, stop, abort and resume (simulator)', () => {
  let sim: GraphSimulator;
  afterEach(() => sim.close());

  for (const answer of ['pause', 'stop'] as const) {
    it(`ends cleanly on '${answer}' and a resumed run finishes from the counts, nobody twice or skipped`, async () => {
      sim = await deletionSim();
      const tenant = sim.addTenant(bulkTenant(`ctl-${answer}`, 300));
      const first = await runJob(jobFor(sim, tenant), tenant, { decide: (_p, n) => (n === 3 ? answer : 'continue') });
      expect(first.result.outcome).toBe(answer === 'pause' ? 'paused' : 'stopped');
      const left = sim.inspect(tenant.tenantId).users.length - 1;
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(300);

      const checkpoint: DeletionProgress = first.checkpoints.at(-1)!;
      const second = await runJob(jobFor(sim, tenant), tenant, { resumeFrom: { total: checkpoint.total, done: checkpoint.done, failed: checkpoint.failed } });
      expect(second.result.outcome).toBe('completed');
      expect(second.result.progress).toMatchObject({ total: 300, done: 300, failed: 0 });
      expectCleanDirectory(sim, tenant);
    });
  }

  it('stops promptly on abort, even mid-flight, and a resumed run counts deletions the checkpoint missed', async () => {
    sim = await deletionSim({ latency: { fixedMs: 30, jitterMs: 0 } });
    const tenant = sim.addTenant(bulkTenant('abort', 300));
    const abort = new AbortController();
    const first = await runJob(jobFor(sim, tenant), tenant, {
      signal: abort.signal,
      decide: (_p, n) => {
        if (n === 2) abort.abort();
        return 'continue';
      },
    });
    expect(first.result.outcome).toBe('stopped');
    expect(first.checkpoints).toHaveLength(2);
    // Deletions may have landed after the last checkpoint: the resumed run finds them gone.
    const checkpoint = first.checkpoints.at(-1)!;
    const second = await runJob(jobFor(sim, tenant), tenant, { resumeFrom: checkpoint });
    expect(second.result.outcome).toBe('completed');
    expect(second.result.progress).toMatchObject({ total: 300, done: 300, failed: 0 });
    expectCleanDirectory(sim, tenant);
  });

  it('returns at once when aborted before it starts', async () => {
    sim = await deletionSim();
    const tenant = sim.addTenant(bulkTenant('preabort', 50));
    const abort = new AbortController();
    abort.abort();
    const { result } = await runJob(jobFor(sim, tenant), tenant, { signal: abort.signal });
    expect(result.outcome).toBe('stopped');
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
  });

  it('survives an interrupted run under faults: resumed twice, every user deleted exactly once', async () => {
    sim = await deletionSim({ faults: { rateDrop: 0.15, rate503: 0.1, rate429: 0.05 }, seed: 21 });
    const tenant = sim.addTenant(bulkTenant('crashy', 300));
    let resumeFrom: DeletionProgress | undefined;
    let outcome = '';
    for (let run = 1; run <= 3 && outcome !== 'completed'; run++) {
      const { result, checkpoints } = await runJob(jobFor(sim, tenant, { maxEnvelopeFailures: 30 }), tenant, {
        resumeFrom,
        decide: (_p, n) => (run < 3 && n === 4 ? 'stop' : 'continue'),
      });
      outcome = result.outcome;
      resumeFrom = checkpoints.at(-1) ?? resumeFrom;
      if (outcome === 'completed') expect(result.progress).toMatchObject({ total: 300, done: 300, failed: 0 });
    }
    expect(outcome).toBe('completed');
    expectCleanDirectory(sim, tenant);
  });
});
