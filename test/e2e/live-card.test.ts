import { randomUUID } from 'node:crypto';
import { GraphSimulator } from '../../graph-sim';
import { RunningBot } from '../../src/index';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { openUrlActions } from '../support/teams-activity';
import { startSimulatedBot, stopSimulatedBot } from '../support/simulated-bot';

/**
 * Against a Graph that answers slowly (as a real tenant does, unlike the 5 ms demo), "Start" answers
 * before the backup is exported, and the card is then updated in place by the background work. That
 * update must carry what the admin needs: the backup's download buttons next to "I have saved the
 * backup", exactly as the card "status" shows for the same state.
 */
describe('a card updated in place against a slow Graph', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(async () => ({ sim, connector, bot } = await startSimulatedBot({ simulator: { scenarios: [], latency: { fixedMs: 250, jitterMs: 0 } } })));
  afterAll(() => stopSimulatedBot({ sim, connector, bot }));

  const verbsOf = (card: Record<string, unknown>) => ((card.actions as Array<{ verb?: string }> | undefined) ?? []).map((a) => a.verb);
  /** Signed links differ only by their signature and expiry: compare the cards without them. */
  const unsigned = (card: unknown) => JSON.parse(JSON.stringify(card).replace(/\?[^"]*sig=[^"]*/g, '?…')) as unknown;

  it('keeps the backup download buttons on "Before you begin", the same card as "status" shows', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const driver = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    await driver.say('close account');
    const overviewId = driver.cardId!;
    const answered = await driver.click('closure.start');
    // The slow Graph: the click was answered before the backup was ready.
    expect(verbsOf(answered.card)).not.toContain('closure.acknowledgeBackup');

    const update = await connector.waitFor((c) => c.method === 'PUT' && c.activityId === overviewId && JSON.stringify(c.body).includes('closure.acknowledgeBackup'), 30_000);
    const updated = connector.cards().find((c) => c.call === update)!.card;
    expect(openUrlActions(updated).map((a) => a.title)).toEqual(['Download backup (JSON)', 'Download backup (CSV)']);
    expect((await fetch(openUrlActions(updated)[0].url)).status).toBe(200);

    const status = await driver.say('status');
    expect(unsigned(updated)).toEqual(unsigned(status));
  }, 60_000);
});
