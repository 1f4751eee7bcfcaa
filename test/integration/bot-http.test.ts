import { DEMO_TENANT, GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { loadConfig } from '../../src/config';
import { RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability';
import { FakeConnector } from '../support/fake-connector';
import { cardActionActivity, cardText, firstCard, installActivity, messageActivity, postActivity, TeamsUser } from '../support/teams-activity';

/**
 * The real composition root on a free port, the Graph simulator over loopback, and a fake Bot
 * Framework connector recording the replies: Teams-shaped activities in, cards out.
 */
describe('bot over HTTP, on the Graph simulator', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;
  const admin: TeamsUser = { tenantId: DEMO_TENANT.tenantId, aadObjectId: DEMO_TENANT.adminId, name: 'Mario Rossi' };
  const nonAdmin: TeamsUser = { tenantId: DEMO_TENANT.tenantId, aadObjectId: DEMO_TENANT.nonAdminId, name: 'Giulia Bianchi' };

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo'] });
    connector = await new FakeConnector().start();
    bot = await startBot(loadConfig({ PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: sim.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent' }), { log: createLogger('silent') });
  });

  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
    await sim?.close();
  });

  beforeEach(() => connector.clear());

  async function say(user: TeamsUser, text: string, options: { locale?: string; conversationType?: string } = {}) {
    const response = await postActivity(bot.url, messageActivity(connector.url, user, text, options));
    expect(response.status).toBe(200);
    const sent = connector.sent();
    expect(sent).toHaveLength(1);
    return cardText(firstCard(sent[0]));
  }

  it('welcomes the admin when the app is installed', async () => {
    const response = await postActivity(bot.url, installActivity(connector.url, admin));
    expect(response.status).toBe(200);
    expect(cardText(firstCard(connector.sent()[0]))).toContain('account closure assistant');
  });

  it('shows a Global Administrator the overview read from Graph, with a Start button', async () => {
    await postActivity(bot.url, messageActivity(connector.url, admin, 'close account'));
    const card = firstCard(connector.sent()[0]);
    const text = cardText(card);
    expect(text).toContain(DEMO_TENANT.displayName);
    expect(text).toContain(DEMO_TENANT.initialDomain);
    const users = sim.inspect(DEMO_TENANT.tenantId).users.length;
    expect(text).toContain(String(users));
    expect(text).toContain('Delete users');
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'closure.start' })]);
  });

  it('speaks Italian and French when the Teams client does', async () => {
    expect(await say(admin, 'chiudi account', { locale: 'it-IT' })).toContain('Eliminare gli utenti');
    connector.clear();
    expect(await say(admin, 'fermer le compte', { locale: 'fr-FR' })).toContain('Supprimer des utilisateurs');
  });

  it('refuses a user who is not a Global Administrator, in their language', async () => {
    expect(await say(nonAdmin, 'close account')).toContain('Only a Global Administrator');
    connector.clear();
    expect(await say(nonAdmin, 'chiudi account', { locale: 'it-IT' })).toContain('Solo un amministratore globale');
  });

  it('refuses a chat whose tenant is not the one Graph answers for', async () => {
    const wrongTenantBot = await startBot(
      loadConfig({
        PORT: '0',
        GRAPH_AUTH: 'static',
        GRAPH_TOKEN: sim.tokenFor(DEMO_TENANT.tenantId, DEMO_TENANT.adminId),
        GRAPH_ENDPOINT: sim.url,
        STATE_STORE: 'memory',
        LOG_LEVEL: 'silent',
      }),
      { log: createLogger('silent') },
    );
    try {
      const stranger: TeamsUser = { tenantId: '99999999-8888-7777-6666-555555555555', aadObjectId: DEMO_TENANT.adminId, name: 'Mario Rossi' };
      await postActivity(wrongTenantBot.url, messageActivity(connector.url, stranger, 'close account'));
      expect(cardText(firstCard(connector.sent()[0]))).toContain('different organization');
    } finally {
      await wrongTenantBot.stop();
    }
  });

  it('answers a tenant Graph does not know with a clear error, not a crash', async () => {
    const unknown: TeamsUser = { tenantId: '99999999-8888-7777-6666-555555555555', aadObjectId: DEMO_TENANT.adminId, name: 'X' };
    expect(await say(unknown, 'close account')).toMatch(/Microsoft Graph refused GET \/organization \(InvalidAuthenticationToken\)\. Check that the app has admin consent/);
  });

  it('answers "status" and "help"', async () => {
    expect(await say(admin, 'status')).toContain('No closure is in progress');
    connector.clear();
    expect(await say(admin, 'help')).toContain('close account');
    connector.clear();
    expect(await say(admin, 'aide', { locale: 'fr-FR' })).toContain('fermer le compte');
  });

  it('starts nothing for a sentence that merely contains the command', async () => {
    const requestsBefore = sim.counters().requests;
    expect(await say(admin, "don't close account")).toContain("didn't recognise");
    expect(sim.counters().requests).toBe(requestsBefore);
  });

  it('works only in a personal chat', async () => {
    expect(await say(admin, 'close account', { conversationType: 'groupChat' })).toContain('one-to-one chat');
  });

  it('answers card actions with a card in the invoke response', async () => {
    const response = await postActivity(bot.url, cardActionActivity(connector.url, admin, 'closure.nonsense', { x: 1 }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expect.objectContaining({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' }));
  });

  describe('garbage input gets 400 or a clear reply, never a crash', () => {
    it.each([
      ['not JSON', '{"type": "message", '],
      ['a JSON array', '[]'],
      ['a JSON string', '"hello"'],
      ['an object without type', '{}'],
      ['a non-string type', '{"type": 42}'],
      ['a non-object conversation', JSON.stringify({ type: 'message', conversation: 'x', serviceUrl: 'http://127.0.0.1:1/' })],
      ['a non-string text', JSON.stringify({ type: 'message', text: { a: 1 } })],
    ])('%s → 400', async (_name, body) => {
      const response = await postActivity(bot.url, body);
      expect(response.status).toBe(400);
    });

    it('a message without a sender identity gets a refusal', async () => {
      const activity = messageActivity(connector.url, admin, 'close account') as Record<string, unknown>;
      activity.from = { id: '29:someone' };
      expect((await postActivity(bot.url, activity)).status).toBe(200);
      expect(cardText(firstCard(connector.sent()[0]))).toContain("couldn't identify");
    });

    it('a message without a tenant gets a refusal', async () => {
      const activity = messageActivity(connector.url, admin, 'close account') as Record<string, unknown>;
      activity.conversation = { id: 'a:x', conversationType: 'personal' };
      activity.channelData = {};
      expect((await postActivity(bot.url, activity)).status).toBe(200);
      expect(cardText(firstCard(connector.sent()[0]))).toContain("doesn't say which organization");
    });

    it('the bot is still healthy afterwards', async () => {
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.status).toBe(200);
    });
  });

  it('exposes Prometheus metrics: Graph answers, jobs, closures by status and step', async () => {
    await postActivity(bot.url, messageActivity(connector.url, admin, 'close account'));
    const start = await postActivity(bot.url, cardActionActivity(connector.url, admin, 'closure.start', { tenantId: DEMO_TENANT.tenantId }));
    expect(start.status).toBe(200);
    // The first scrape of this bot: the closures gauge is counted now (then reused for 30 s).
    const response = await fetch(`${bot.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/closure_bot_graph_responses_total\{method="GET",status="200"\} \d+/);
    expect(text).toContain('closure_bot_jobs_running 0');
    // 35,000 writes / 5 min × 0.95: the application-wide quota this instance aims just under.
    expect(text).toContain('closure_bot_write_budget{measure="target_per_second"} 110.83');
    expect(text).toContain('closure_bot_write_budget{measure="waiting"} 0');
    expect(text).toMatch(/closure_bot_closures\{status="active",step="prepare"\} 1/);
  });

  it('refuses network traffic that leaves the machine', async () => {
    await expect(fetch('https://graph.microsoft.com/v1.0/me')).rejects.toThrow();
  });
});
