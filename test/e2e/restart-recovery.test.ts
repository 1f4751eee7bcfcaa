import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { GraphSimulator, SCENARIOS, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { BotProcess } from '../support/bot-process';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { connectorCardProblems } from '../support/adaptive-card-check';
import { articleDisagreements } from '../support/article-steps';

/**
 * Issue 5's crash test: the bot is killed with SIGKILL in the middle of the user deletion, a new
 * process starts on the same state, takes the job over once the dead one's lease expires, and
 * finishes it: every user but the acting admin deleted, none twice, the admin notified.
 */
describe('a bot killed in the middle of a deletion', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let stateDir: string;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [], latency: { fixedMs: 15, jitterMs: 10 } });
    connector = await new FakeConnector().start();
    stateDir = mkdtempSync(join(tmpdir(), 'closure-state-'));
  });

  afterAll(async () => {
    await Promise.all(bots.map((b) => b.kill()));
    await connector?.stop();
    await sim?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  function botEnv(instance: string): Record<string, string> {
    return {
      GRAPH_ENDPOINT: sim.url,
      GRAPH_AUTH: 'static',
      GRAPH_TOKEN: 'sim.{tenantId}.{userId}',
      STATE_STORE: 'file',
      STATE_DIR: stateDir,
      TEST_JOB_LEASE_MS: '1500',
      TEST_RECOVERY_SWEEP_MS: '300',
      TEST_INSTANCE_ID: instance,
    };
  }

  async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('resumes after restart and deletes every user exactly once', async () => {
    const tenant: TenantInfo = sim.addTenant({ ...SCENARIOS.small, name: 'crash', generatedUsers: { count: 600 } }, { tenantId: randomUUID() });
    const first = await new BotProcess(botEnv('first')).start();
    bots.push(first);
    const driver = new ClosureDriver(first.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    await driver.say('close account');
    await driver.click('closure.start');
    await driver.when('closure.acknowledgeBackup');
    await driver.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    await driver.click('closure.deleteUsers', { confirmation: tenant.initialDomain });

    const deleted = () => Object.keys(sim.inspect(tenant.tenantId).deleteCalls).length;
    await until(() => deleted() >= 100, 'the deletion to be under way');
    await first.kill();
    const atKill = deleted();
    expect(atKill).toBeLessThan(600);

    const second = await new BotProcess(botEnv('second')).start();
    bots.push(second);
    await until(() => sim.inspect(tenant.tenantId).users.length === 1, 'every user but the admin to be deleted');
    const inspection = sim.inspect(tenant.tenantId);
    expect(inspection.users.map((u) => u.id)).toEqual([tenant.adminId]);
    expect(Object.keys(inspection.deleteCalls)).toHaveLength(600);
    expect(Object.values(inspection.deleteCalls).filter((n) => n !== 1)).toEqual([]);
    expect(inspection.violations).toEqual([]);

    const finished = /User deletion finished/;
    await connector.waitFor((c) => c.method === 'POST' && finished.test(JSON.stringify(c.body)), 30_000);
    driver.retarget(second.url);
    await driver.waitFor((d) => /Cancel all active subscriptions/.test(d.text), 'the next step', 30_000);
    await second.stop();
  }, 120_000);

  it('sent and updated only cards that Teams shows as built, numbered as the article', () => {
    const agrees = (card: Record<string, unknown>) => ['en', 'it', 'fr'].some((locale) => articleDisagreements(card, locale).length === 0);
    expect(connector.cards().length).toBeGreaterThan(0);
    expect(connectorCardProblems(connector.cards(), agrees)).toEqual([]);
  });
});
