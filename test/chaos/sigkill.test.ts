import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { GraphSimulator, SCENARIOS, startGraphSimulator } from '../../graph-sim';
import { ClosureRepository } from '../../src/runner';
import { FileStateStore } from '../../src/storage';
import { BotProcess } from '../support/bot-process';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { runClosure } from './support/autopilot';
import { expectCorrectEnd, seededRandom, TenantWatch } from './support/chaos-checks';

/**
 * Issue 7, chaos: the bot process is SIGKILLed at a seeded random moment of a whole closure (in
 * the middle of a card click, right after an approval, during the deletion job, between clicks),
 * a new process starts on the same file state, and the admin carries on. Every run must end with
 * the tenant exactly as a clean closure leaves it and every approval in the audit chain before
 * its effect. `CHAOS_SEED=<n>` replays another sequence; `CHAOS_RUNS` changes the count.
 *
 * Issue 18: a few more runs with production's job lease (30 s) and recovery sweep (10 s), where
 * every process runs as the same instance (INSTANCE_ID, as a restarted production process does) and
 * takes its dead predecessor's job lease back at once. Each prints its resume delay.
 * `CHAOS_PRODUCTION_SEED` and `CHAOS_PRODUCTION_RUNS` replay others.
 */
const SEED = Number(process.env.CHAOS_SEED ?? 7_2024);
const RUNS = Number(process.env.CHAOS_RUNS ?? 10);
const PRODUCTION_SEED = Number(process.env.CHAOS_PRODUCTION_SEED ?? 18_2026);
const PRODUCTION_RUNS = Number(process.env.CHAOS_PRODUCTION_RUNS ?? 3);

/** Where the kill lands: before a verb's request returns (mid-turn) or some time after it. */
interface KillPlan {
  verb: string;
  when: 'during' | 'after';
  delayMs: number;
  synced: boolean;
  /** Users of the (unsynced) tenant; default 120. */
  users?: number;
}

const MOMENTS = ['closure.start', 'closure.acknowledgeBackup', 'closure.deleteUsers', 'closure.deleteUsers', 'closure.checkAgain', 'closure.continue', 'closure.complete', 'status'];

function plans(seed: number, runs: number): KillPlan[] {
  const random = seededRandom(seed);
  return Array.from({ length: runs }, (_, run) => {
    const verb = MOMENTS[Math.floor(random() * MOMENTS.length)];
    const when = random() < 0.4 ? 'during' : 'after';
    return { verb, when, delayMs: Math.floor(random() * (when === 'during' ? 40 : 700)), synced: run % 4 === 3 };
  });
}

/** How the processes of a suite are configured: each restart gets `env(restart)`. */
interface Settings {
  title: string;
  seed: number;
  plans: KillPlan[];
  env(restart: number): Record<string, string>;
}

const SHORT_LEASES: Settings = {
  title: `SIGKILL at random points of a closure (seed ${SEED})`,
  seed: SEED,
  plans: plans(SEED, RUNS),
  // Short leases and a fast sweep, and a new instance id per process: the job moves after the dead one's lease expires.
  env: (restart) => ({ TEST_JOB_LEASE_MS: '1200', TEST_RECOVERY_SWEEP_MS: '250', TEST_INSTANCE_ID: `process-${restart}` }),
};

/**
 * The first run is always killed in the middle of the deletion job (600 users take a few seconds;
 * 120 are gone in a fraction of one), so every seed measures a job's resume.
 */
const productionPlans = (): KillPlan[] => {
  const [first, ...rest] = plans(PRODUCTION_SEED, PRODUCTION_RUNS);
  return first ? [{ ...first, verb: 'closure.deleteUsers', when: 'after', delayMs: Math.min(first.delayMs, 300), synced: false, users: 600 }, ...rest] : [];
};

const PRODUCTION_LEASES: Settings = {
  title: `SIGKILL at random points of a closure, production lease and sweep, one instance id (seed ${PRODUCTION_SEED})`,
  seed: PRODUCTION_SEED,
  plans: productionPlans(),
  env: () => ({ INSTANCE_ID: 'chaos-host' }),
};

describe.each([SHORT_LEASES, PRODUCTION_LEASES].filter((s) => s.plans.length > 0))('$title', (settings: Settings) => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let stateDir: string;
  let bot: BotProcess;
  let restarts = 0;

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [], latency: { fixedMs: 4, jitterMs: 6 }, seed: settings.seed, syncDisableDelayMs: 60_000 });
    connector = await new FakeConnector().start();
    stateDir = mkdtempSync(join(tmpdir(), 'chaos-kill-'));
    bot = await startProcess();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
    await sim?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  function startProcess(): Promise<BotProcess> {
    return new BotProcess({
      GRAPH_ENDPOINT: sim.url,
      GRAPH_AUTH: 'static',
      GRAPH_TOKEN: 'sim.{tenantId}.{userId}',
      STATE_STORE: 'file',
      STATE_DIR: stateDir,
      TEST_RECHECK_SCALE: '0.0005',
      ...settings.env(restarts++),
      ...(process.env.CHAOS_LOG ? { LOG_LEVEL: process.env.CHAOS_LOG } : {}),
    }).start();
  }

  it.each(settings.plans.map((plan, run) => [run, plan] as const))(
    'run %i: kill %j, restart, finish correct',
    async (_run, plan) => {
      const scenario = plan.synced ? SCENARIOS.synced : { ...SCENARIOS.small, generatedUsers: { count: plan.users ?? 120 } };
      const tenant = sim.addTenant({ ...scenario, name: `chaos-${randomUUID().slice(0, 8)}` }, { tenantId: randomUUID() });
      const driver = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
      const store = new FileStateStore({ dir: stateDir });
      const watch = new TenantWatch(sim, tenant.tenantId).start();
      let restart: Promise<void> | undefined;
      let killedAt: string | undefined;
      let resumeReport = '';

      const killAndRestart = (moment: string) => {
        if (restart) return;
        killedAt = moment;
        restart = (async () => {
          await bot.kill();
          // Resume delay: from the new process's start to its first Graph write for a job that was running.
          const jobWasRunning = (await new ClosureRepository(store).load(tenant.tenantId))?.value.job?.status === 'running';
          const deleted = () => Object.keys(sim.inspect(tenant.tenantId).deleteCalls).length;
          const atKill = deleted();
          const startedAt = Date.now();
          let resumedAt: number | undefined;
          const poll = setInterval(() => {
            if (resumedAt === undefined && deleted() > atKill) resumedAt = Date.now();
          }, 5);
          bot = await startProcess();
          const readyAt = Date.now();
          driver.retarget(bot.url);
          if (jobWasRunning) {
            const deadline = Date.now() + 60_000;
            while (resumedAt === undefined && Date.now() < deadline && sim.inspect(tenant.tenantId).users.length > 1) await new Promise((r) => setTimeout(r, 10));
          }
          clearInterval(poll);
          resumeReport = jobWasRunning
            ? resumedAt !== undefined
              ? `deletion job resumed: new process start -> first Graph write ${resumedAt - startedAt} ms (start -> ready ${readyAt - startedAt} ms)`
              : 'deletion job was running at the kill and had nothing left to delete'
            : `no deletion job running at the kill (start -> ready ${readyAt - startedAt} ms)`;
        })();
      };
      const armed = (verb: string) => verb === plan.verb && !restart;
      const schedule = (verb: string) => setTimeout(() => killAndRestart(`${plan.when} ${verb} +${plan.delayMs}ms`), plan.delayMs);

      try {
        const result = await runClosure({
          sim,
          tenant,
          driver,
          readState: async () => (await new ClosureRepository(store).load(tenant.tenantId))?.value,
          beforeAction: (verb) => {
            if (plan.when === 'during' && armed(verb)) schedule(verb);
          },
          afterAction: (_n, verb) => {
            if (plan.when === 'after' && armed(verb)) schedule(verb);
          },
          onUnreachable: async (error) => {
            if (!restart) throw error;
            await restart;
          },
          timeoutMs: 60_000,
        });
        // The moment never came (e.g. no "continue" on this tenant): kill between two clicks instead.
        if (!restart) killAndRestart('after the end');
        await restart;
        expect(result.outcome).toBe('completed');
        watch.stop();
        await expectCorrectEnd(sim, tenant, store, watch, { synced: plan.synced });
        process.stdout.write(`[chaos ${settings.seed} run ${_run}] kill ${killedAt}: ${resumeReport}\n`);
      } catch (error) {
        if (process.env.CHAOS_LOG) writeFileSync(join(tmpdir(), `chaos-bot-${_run}.log`), bot.output);
        throw new Error(`${(error as Error).message}\n(kill: ${killedAt ?? 'none'}; bot output:\n${bot.output.slice(-2000)})`);
      } finally {
        watch.stop();
        await store.close();
      }
    },
    90_000,
  );
});
