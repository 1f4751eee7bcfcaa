import { loadConfig } from '../../src/config';
import { notice } from '../../src/closure';
import { createBotAdapter } from '../../src/hosting';
import { TeamsNotifier } from '../../src/hosting';
import { createLogger } from '../../src/observability';
import { FakeConnector } from '../support/fake-connector';

/**
 * Proactive sends and updates through the real adapter to a local connector. The adapter has an
 * onTurnError handler, as in production: botbuilder gives it what a proactive callback throws and
 * returns normally, so the notifier must see the failure itself to retry it.
 */
describe('TeamsNotifier', () => {
  let connector: FakeConnector;
  const errors: unknown[] = [];
  const adapter = createBotAdapter(loadConfig({}));
  adapter.onTurnError = async (_context, error) => void errors.push(error);
  const notifier = new TeamsNotifier(adapter, '', createLogger('silent'), { attempts: 3, backoffMs: 1 });
  const reply = notice('good', 'closure.notify.closureCancelled.title', 'closure.notify.closureCancelled.text');

  beforeAll(async () => {
    connector = await new FakeConnector().start();
  });
  afterAll(() => connector.stop());

  const target = () => ({
    locale: 'en' as const,
    conversation: {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: 'a:personal-admin', conversationType: 'personal', tenantId: 't' },
      bot: { id: '28:closure-bot', name: 'Closure assistant' },
      user: { id: '29:admin', name: 'Admin' },
    },
  });

  // The connector client retries 5xx and 429 itself; a 4xx reaches the notifier at once.
  it('retries a send the connector refused, and reports the id of the one that went through', async () => {
    connector.failNext(1, 404);
    const [refused, delivered] = [connector.refused.length, connector.calls.length];
    const id = await notifier.send(target(), reply);
    expect(connector.refused.length - refused).toBe(1);
    expect(connector.calls.length - delivered).toBe(1);
    expect(id).toBe(connector.calls[connector.calls.length - 1].responseId);
  });

  it('reports a send that failed every attempt as not delivered, without throwing', async () => {
    connector.failNext(3, 404);
    const delivered = connector.calls.length;
    await expect(notifier.send(target(), reply)).resolves.toBeUndefined();
    expect(connector.calls.length).toBe(delivered);
  });

  it('reports an update that failed every attempt as false, and true once one goes through', async () => {
    connector.failNext(3, 404);
    await expect(notifier.update(target(), 'activity-1', reply)).resolves.toBe(false);
    connector.failNext(1, 404);
    await expect(notifier.update(target(), 'activity-1', reply)).resolves.toBe(true);
    expect(errors).toEqual([]);
  });
});
