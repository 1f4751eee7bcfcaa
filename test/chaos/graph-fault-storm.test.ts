import { randomUUID } from 'node:crypto';
import { GraphSimulator, SCENARIOS, startGraphSimulator } from '../../graph-sim';
import { ClosureRepository } from '../../src/runner';
import { loadConfig } from '../../src/config';
import { RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { runClosure } from './support/autopilot';
import { expectCorrectEnd, TenantWatch } from './support/chaos-checks';
import { stepsContradictedByGraph } from './support/graph-truth';

/**
 * Issue 7, chaos: a whole closure while Graph answers 10 % of requests (and of $batch items) with
 * 429, 5 % with 503 and drops 2 % of connections (half of them after the change was made). The
 * closure must either end exactly right or stop on a step error that says "Try again"; at no
 * point may a step be reported done that Graph contradicts, or a user be deleted twice.
 */
const STORM = { rate429: 0.1, rate503: 0.05, rateDrop: 0.02 };

describe('Graph fault storm during whole closures', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(async () => {
    // timeScale shortens Retry-After (and throttling windows) so the storm fits in seconds.
    sim = await startGraphSimulator({ scenarios: [], latency: { fixedMs: 2, jitterMs: 4 }, seed: 4242, timeScale: 0.02, syncDisableDelayMs: 60_000 });
    connector = await new FakeConnector().start();
    bot = await startBot(loadConfig({ PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: sim.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent' }), {
      log: createLogger('silent'),
      recheckScale: 0.0005,
      recoverySweepMs: 300,
    });
  });

  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
    await sim?.close();
  });

  it.each([
    ['a small tenant', { ...SCENARIOS.small, generatedUsers: { count: 150 } }, false],
    ['a synced tenant', SCENARIOS.synced, true],
  ] as const)(
    '%s: ends correct or stops with "Try again", never claims what Graph denies',
    async (_name, scenario, synced) => {
      const tenant = sim.addTenant({ ...scenario, name: `storm-${randomUUID().slice(0, 8)}` }, { tenantId: randomUUID() });
      const driver = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
      const repository = new ClosureRepository(bot.store);
      const watch = new TenantWatch(sim, tenant.tenantId).start();
      const before = sim.inspect(tenant.tenantId).counters;
      const contradictions: string[] = [];

      sim.setFaults(STORM);
      let result;
      try {
        result = await runClosure({
          sim,
          tenant,
          driver,
          readState: async () => (await repository.load(tenant.tenantId))?.value,
          // After every answer the admin sees, the card's claims must hold in Graph.
          afterAction: () => {
            void repository.load(tenant.tenantId).then((loaded) => {
              if (loaded) contradictions.push(...stepsContradictedByGraph(loaded.value, sim.inspect(tenant.tenantId), tenant.adminId));
            });
          },
          maxRetries: 25,
          timeoutMs: 80_000,
        });
      } finally {
        sim.setFaults({});
        watch.stop();
      }

      const after = sim.inspect(tenant.tenantId);
      // The storm did hit this closure.
      expect(after.counters.throttled - before.throttled).toBeGreaterThan(0);
      expect(after.counters.errors5xx + after.counters.dropped - before.errors5xx - before.dropped).toBeGreaterThan(0);
      expect(contradictions).toEqual([]);
      expect(Object.values(after.deleteCalls).filter((n) => n !== 1)).toEqual([]);
      expect(after.violations).toEqual([]);
      for (const card of result.errorCards) expect(card).toMatch(/Try again/);

      const state = (await repository.load(tenant.tenantId))!.value;
      expect(stepsContradictedByGraph(state, after, tenant.adminId)).toEqual([]);
      if (result.outcome === 'completed') await expectCorrectEnd(sim, tenant, bot.store, watch, { synced });
      else expect(result.lastText).toMatch(/Try again/);
    },
    100_000,
  );
});
