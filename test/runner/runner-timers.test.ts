import { ClosureEvent } from '../../src/core';
import { createLogger } from '../../src/observability';
import { TenantOperations } from '../../src/ports';
import { ClosureRepository } from '../../src/runner/closure-repository';
import { ClosureRunner } from '../../src/runner/closure-runner';
import { JobSupervisor } from '../../src/runner/job-supervisor';
import { GraphCommandContext } from '../../src/runner/graph-command.executor';
import { MemoryStateStore } from '../../src/storage';
import { atCancelSubscriptions, sub, sys, T0, TENANT_ID } from '../support/closure-fixtures';
import { ManualClock } from '../support/manual-clock';

/**
 * The runner's re-check timers run on its clock: moving a test clock fires them, exactly when they
 * are due and not a millisecond before, with no wall-clock wait. Step 2 re-reads the subscriptions
 * 15 minutes after it found one still active, then 30 minutes after that (closure.steps.ts).
 */
describe("the runner's re-check timers", () => {
  const MINUTE = 60_000;
  const log = createLogger('silent');
  let clock: ManualClock;
  let runner: ClosureRunner;
  let reads: number[];
  let causes: string[];

  beforeEach(async () => {
    clock = new ManualClock(Date.parse(T0));
    reads = [];
    causes = [];
    const store = new MemoryStateStore({ now: clock.now });
    const repository = new ClosureRepository(store);
    const waiting = atCancelSubscriptions();
    await repository.save(TENANT_ID, waiting, undefined);
    // Step 2's only Graph read, as a tenant whose subscription is still active answers it.
    const ops = { subscriptions: async () => (reads.push(clock.now()), [sub('Enabled')]) } as unknown as TenantOperations;
    const graphFor = (tenantId: string) => ({ tenantId, ops }) as unknown as GraphCommandContext;
    const refuse = () => {
      throw new Error('no deletion job in these tests');
    };
    const jobs = new JobSupervisor(refuse, log, { leases: store.leases, owner: () => 'instance-a', leaseMs: 30_000 }, refuse, clock);
    runner = new ClosureRunner({
      repository,
      graphFor,
      jobs,
      onNotify: async () => undefined,
      onStateChanged: async (_state, cause: ClosureEvent) => void causes.push(cause.type === 'recheckDue' ? `recheckDue ${cause.attempt}` : cause.type),
      clock,
      log,
    });
    const dispatched = await runner.dispatch(TENANT_ID, sys(waiting, { type: 'subscriptionsRead', subscriptions: [sub('Enabled')] }));
    expect(dispatched).toMatchObject({ ok: true, state: { recheck: { stepId: 'cancelSubscriptions', attempt: 1 } } });
    await clock.advanceBy(0);
  });

  afterEach(() => runner.stop());

  it('fires when the clock reaches the due time, and not before', async () => {
    const start = clock.now();
    await clock.advanceTo(start + 15 * MINUTE - 1);
    expect(causes).not.toContain('recheckDue 1');
    expect(reads).toEqual([]);

    await clock.advanceTo(start + 15 * MINUTE);
    expect(causes).toContain('recheckDue 1');
    expect(reads).toEqual([start + 15 * MINUTE]);

    // Still active: the next re-check is set 30 minutes on, by the same clock.
    await clock.advanceTo(start + 45 * MINUTE - 1);
    expect(reads).toEqual([start + 15 * MINUTE]);
    await clock.advanceTo(start + 45 * MINUTE);
    expect(causes).toContain('recheckDue 2');
    expect(reads).toEqual([start + 15 * MINUTE, start + 45 * MINUTE]);
  });

  it('never fires once the runner stopped', async () => {
    await runner.stop();
    expect(clock.waiting).toBe(0);
    await clock.advanceBy(24 * 60 * MINUTE);
    expect(causes).not.toContain('recheckDue 1');
    expect(reads).toEqual([]);
  });
});
