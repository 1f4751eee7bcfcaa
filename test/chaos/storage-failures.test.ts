import { randomUUID } from 'node:crypto';
import { GraphSimulator, SCENARIOS, startGraphSimulator } from '../../graph-sim';
import { ClosureRepository } from '../../src/runner';
import { loadConfig } from '../../src/config';
import { RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability';
import { MemoryStateStore } from '../../src/storage';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { runClosure } from './support/autopilot';
import { expectCorrectEnd, TenantWatch } from './support/chaos-checks';
import { FlakyStateStore } from './support/flaky-state-store';
import { stepsContradictedByGraph } from './support/graph-truth';

/**
 * Issue 7, chaos: the state store fails a fifth of all writes during whole closures (errors before
 * the write, errors after it was committed, spurious eTag conflicts). The bot must not crash, must
 * answer every activity (with a clear message when a write failed), and the closure must end
 * consistent: tenant right, every step done, each approval logged once in a valid chain.
 */
describe('storage write failures during whole closures', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;
  let store: FlakyStateStore;
  const inner = new MemoryStateStore();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    sim = await startGraphSimulator({ scenarios: [], latency: { fixedMs: 2, jitterMs: 4 }, seed: 99, syncDisableDelayMs: 60_000 });
    connector = await new FakeConnector().start();
    store = new FlakyStateStore(inner, 2024);
    bot = await startBot(loadConfig({ PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: sim.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent' }), {
      log: createLogger(process.env.CHAOS_LOG ?? 'silent'),
      store,
      recheckScale: 0.0005,
      recoverySweepMs: 300,
      jobLeaseMs: 1500,
    });
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await bot?.stop();
    await connector?.stop();
    await sim?.close();
  });

  const small = { ...SCENARIOS.small, generatedUsers: { count: 120 } };
  it.each([
    ['small tenant 1', small, false],
    ['synced tenant 1', SCENARIOS.synced, true],
    ['small tenant 2', small, false],
    ['synced tenant 2', SCENARIOS.synced, true],
    ['small tenant 3', small, false],
    ['synced tenant 3', SCENARIOS.synced, true],
  ] as const)(
    '%s: no crash, clear messages, a consistent end',
    async (_name, scenario, synced) => {
      const tenant = sim.addTenant({ ...scenario, name: `flaky-${randomUUID().slice(0, 8)}` }, { tenantId: randomUUID() });
      const driver = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
      const repository = new ClosureRepository(inner);
      const watch = new TenantWatch(sim, tenant.tenantId).start();
      const failuresBefore = store.counts.failedBefore + store.counts.failedAfter + store.counts.conflicts;
      const replies: string[] = [];

      store.failureRate = 0.2;
      let result;
      try {
        result = await runClosure({
          sim,
          tenant,
          driver,
          readState: async () => (await repository.load(tenant.tenantId))?.value,
          afterAction: () => replies.push(driver.text),
          maxRetries: 30,
          timeoutMs: 80_000,
        });
      } finally {
        store.failureRate = 0;
        watch.stop();
      }
      expect(store.counts.failedBefore + store.counts.failedAfter + store.counts.conflicts - failuresBefore).toBeGreaterThan(3);
      expect(unhandled).toEqual([]);
      // Every reply was a card; a failed write shows the admin a message with a reference, not silence.
      const unexpected = replies.filter((t) => /unexpected error/i.test(t));
      for (const text of unexpected) expect(text).toMatch(/Reference: \S+/);
      for (const card of result.errorCards) expect(card).toMatch(/Try again/);

      expect(result.outcome).toBe('completed');
      const entries = await expectCorrectEnd(sim, tenant, inner, watch, { synced });
      const state = (await repository.load(tenant.tenantId))!;
      // The last decision's outbox is in the log too.
      const logged = new Set(entries.map((e) => `${e.at}/${e.action}`));
      expect((state.pendingAudit ?? []).filter((r) => !logged.has(`${r.at}/${r.action}`))).toEqual([]);
      expect(stepsContradictedByGraph(state.value, sim.inspect(tenant.tenantId), tenant.adminId)).toEqual([]);
    },
    100_000,
  );
});
