import { randomUUID } from 'node:crypto';
import { GraphSimulator, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { CLOUD_PROFILES, CLOUDS, CloudName } from '../../src/config/clouds';
import { loadConfig } from '../../src/config/config';
import { RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability/logger';
import { FakeConnector } from '../support/fake-connector';
import { firstCard, messageActivity, postActivity, TeamsUser } from '../support/teams-activity';
import { LocalBotFrameworkIdentity, OUTBOUND_TOKEN } from './support/local-bot-auth';

/**
 * A bot registered in Azure Government or Azure China receives activities signed by that cloud's
 * channel, with that cloud's issuer. With CLOUD set, the bot keeps its cloud's issuer and only the
 * key metadata is served locally: a token from the cloud's own channel runs the turn, a token from
 * any other cloud's channel is 401 before any handler runs.
 */
describe.each(CLOUDS)('inbound authentication with CLOUD=%s', (cloud: CloudName) => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let identity: LocalBotFrameworkIdentity;
  let bot: RunningBot;
  let tenant: TenantInfo;
  let admin: TeamsUser;

  beforeAll(async () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});
    sim = await startGraphSimulator({ scenarios: [] });
    tenant = sim.addTenant('small', { tenantId: randomUUID() });
    admin = { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' };
    connector = await new FakeConnector().start();
    identity = await new LocalBotFrameworkIdentity().start();
    bot = await startBot(
      loadConfig({ CLOUD: cloud, PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: sim.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent', ...identity.env() }),
      { log: createLogger('silent'), botAuth: identity.localKeysOnly() },
    );
  });

  afterAll(async () => {
    await bot?.stop();
    await identity?.stop();
    await connector?.stop();
    await sim?.close();
    jest.restoreAllMocks();
  });

  it(`runs the turn for a token issued by ${cloud}'s channel and replies with the bot's outbound token`, async () => {
    const before = connector.calls.length;
    const token = identity.sign(connector.url, { iss: CLOUD_PROFILES[cloud].botFramework.tokenIssuer });
    const response = await postActivity(bot.url, messageActivity(connector.url, admin, 'close account'), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const reply = connector.calls.slice(before).find((c) => c.method === 'POST');
    expect(reply?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(JSON.stringify(firstCard(reply!.body))).toContain(tenant.initialDomain);
  });

  const otherIssuers = [...new Set(CLOUDS.map((c) => CLOUD_PROFILES[c].botFramework.tokenIssuer))].filter((i) => i !== CLOUD_PROFILES[cloud].botFramework.tokenIssuer);

  it.each(otherIssuers)('answers 401 to a token issued by %s, and nothing runs', async (issuer) => {
    const calls = connector.calls.length;
    const graph = sim.counters().requests;
    const token = identity.sign(connector.url, { iss: issuer });
    const response = await postActivity(bot.url, messageActivity(connector.url, admin, 'close account'), { authorization: `Bearer ${token}` });
    await new Promise((r) => setTimeout(r, 50));
    expect(response.status).toBe(401);
    expect(connector.calls.length).toBe(calls);
    expect(sim.counters().requests).toBe(graph);
  });
});
