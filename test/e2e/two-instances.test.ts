import { randomUUID } from 'node:crypto';
import { GraphSimulator, SCENARIOS, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { ClosureRepository } from '../../src/runner';
import { AzureBlobStateStore } from '../../src/storage';
import { AzuriteHandle, startAzurite } from '../support/azurite';
import { BotProcess } from '../support/bot-process';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { cardActionActivity, cardText, postActivity } from '../support/teams-activity';
import { connectorCardProblems } from '../support/adaptive-card-check';
import { articleDisagreements } from '../support/article-steps';

/**
 * Issue 6: two bot processes share Azure Blob state (Azurite) and one simulator. A closure started
 * through one continues through the other; the same approval sent to both at once is carried out
 * once; when the instance running the deletion dies, the other takes the job over and finishes it.
 */
describe('two instances on shared Azure Blob state', () => {
  let azurite: AzuriteHandle;
  let sim: GraphSimulator;
  let connector: FakeConnector;
  const container = `closure-${randomUUID().slice(0, 8)}`;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    azurite = await startAzurite();
    sim = await startGraphSimulator({ scenarios: [], latency: { fixedMs: 40, jitterMs: 10 } });
    connector = await new FakeConnector().start();
  });

  afterAll(async () => {
    await Promise.all(bots.map((b) => b.kill()));
    await connector?.stop();
    await sim?.close();
    await azurite?.stop();
  });

  const start = async (instance: string) => {
    const bot = await new BotProcess({
      GRAPH_ENDPOINT: sim.url,
      GRAPH_AUTH: 'static',
      GRAPH_TOKEN: 'sim.{tenantId}.{userId}',
      STATE_STORE: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      STATE_CONTAINER: container,
      TEST_JOB_LEASE_MS: '15000',
      TEST_RECOVERY_SWEEP_MS: '500',
      TEST_INSTANCE_ID: instance,
    }).start();
    bots.push(bot);
    return bot;
  };

  it('continues across instances, approves once, and survives the death of the job owner', async () => {
    const [a, b] = [await start('a'), await start('b')];
    const tenant: TenantInfo = sim.addTenant({ ...SCENARIOS.small, name: 'shared', generatedUsers: { count: 500 } }, { tenantId: randomUUID() });
    const admin = { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' };
    const driver = new ClosureDriver(a.url, connector, admin);
    await driver.say('close account');
    await driver.click('closure.start');
    driver.retarget(b.url);
    await driver.when('closure.acknowledgeBackup');
    await driver.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');

    const approval = driver.actions.find((x) => x.verb === 'closure.deleteUsers')!;
    const data = { ...approval.data, confirmation: tenant.initialDomain };
    const [fromA, fromB] = await Promise.all([a, b].map((bot) => postActivity(bot.url, cardActionActivity(connector.url, admin, 'closure.deleteUsers', data, { replyToId: driver.cardId }))));
    const texts = [fromA, fromB].map((r) => cardText((r.body as { value: unknown }).value));
    const refused = texts.map((text) => /out of date/.test(text));
    expect(refused.filter(Boolean)).toHaveLength(1);

    const repository = new ClosureRepository(new AzureBlobStateStore({ connectionString: azurite.connectionString, container }));
    const state = (await repository.load(tenant.tenantId))!.value;
    const audit = (await repository.audit(tenant.tenantId, state.closureId))!;
    expect(audit.entries.filter((e) => e.action === 'closure.deleteUsers')).toHaveLength(1);

    const deleted = () => Object.keys(sim.inspect(tenant.tenantId).deleteCalls).length;
    const deadline = Date.now() + 30_000;
    while (deleted() < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // The instance whose approval was accepted started the job and holds its lease.
    const [owner, survivor] = refused[0] ? [b, a] : [a, b];
    await owner.kill();
    const atKill = deleted();
    expect(atKill).toBeLessThan(500);

    const finish = Date.now() + 90_000;
    while (sim.inspect(tenant.tenantId).users.length > 1 && Date.now() < finish) await new Promise((r) => setTimeout(r, 100));
    const inspection = sim.inspect(tenant.tenantId);
    expect(inspection.users.map((u) => u.id)).toEqual([tenant.adminId]);
    expect(Object.values(inspection.deleteCalls).filter((n) => n !== 1)).toEqual([]);
    driver.retarget(survivor.url);
    await driver.waitFor((d) => /Cancel all active subscriptions/.test(d.text), 'the next step', 30_000);
  }, 180_000);

  it('sent and updated only cards that Teams shows as built, numbered as the article', () => {
    const agrees = (card: Record<string, unknown>) => ['en', 'it', 'fr'].some((locale) => articleDisagreements(card, locale).length === 0);
    expect(connector.cards().length).toBeGreaterThan(0);
    expect(connectorCardProblems(connector.cards(), agrees)).toEqual([]);
  });
});
