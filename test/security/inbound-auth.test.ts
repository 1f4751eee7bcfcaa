import { randomUUID } from 'node:crypto';
import { GraphSimulator, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { loadConfig } from '../../src/config/config';
import { RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability/logger';
import { FakeConnector } from '../support/fake-connector';
import { cardActionActivity, firstCard, messageActivity, postActivity, TeamsUser } from '../support/teams-activity';
import { LocalBotFrameworkIdentity, OUTBOUND_TOKEN } from './support/local-bot-auth';

/**
 * Inbound authentication with BOT_ID set: every request must carry a Bot Framework token signed by a
 * key of the channel's JWKS, for this bot, from this issuer, for this serviceUrl, and current.
 * Anything else is 401 and reaches no handler: no reply, no Graph call, nothing stored.
 * Everything runs on loopback (shared/reference/jwt-test.md).
 */
describe('inbound authentication (BOT_ID set)', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let identity: LocalBotFrameworkIdentity;
  let bot: RunningBot;
  let tenant: TenantInfo;
  let admin: TeamsUser;

  beforeAll(async () => {
    // botbuilder console.errors every rejection; the statuses are what this suite asserts.
    jest.spyOn(console, 'error').mockImplementation(() => {});
    sim = await startGraphSimulator({ scenarios: [] });
    tenant = sim.addTenant('small', { tenantId: randomUUID() });
    admin = { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' };
    connector = await new FakeConnector().start();
    identity = await new LocalBotFrameworkIdentity().start();
    bot = await startBot(
      loadConfig({ PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: sim.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent', ...identity.env() }),
      { log: createLogger('silent'), botAuth: identity.botAuth() },
    );
  });

  afterAll(async () => {
    await bot?.stop();
    await identity?.stop();
    await connector?.stop();
    await sim?.close();
    jest.restoreAllMocks();
  });

  const minutes = (n: number) => Math.floor(Date.now() / 1000) + n * 60;

  /** Each case: the Authorization header for an activity posted to `serviceUrl`. */
  const rejected: Array<[string, (serviceUrl: string) => string | undefined]> = [
    ['no Authorization header', () => undefined],
    ['a bearer that is not a JWT', () => 'Bearer not-a-jwt'],
    ['Basic credentials', () => `Basic ${Buffer.from(`${identity.appId}:${identity.password}`).toString('base64')}`],
    ['a forged signature on the trusted kid', (s) => `Bearer ${identity.sign(s, {}, { key: identity.foreignKey.privateKey })}`],
    ['a key the JWKS does not have', (s) => `Bearer ${identity.sign(s, {}, { key: identity.foreignKey.privateKey, kid: 'unknown-kid' })}`],
    ['alg none', (s) => `Bearer ${identity.sign(s, {}, { algorithm: 'none' })}`],
    ['HS256 keyed with the public key (alg confusion)', (s) => `Bearer ${identity.sign(s, {}, { algorithm: 'HS256' })}`],
    ['expired 10 minutes ago (beyond the 5-minute tolerance)', (s) => `Bearer ${identity.sign(s, { nbf: minutes(-70), exp: minutes(-10) })}`],
    ['nbf 10 minutes in the future', (s) => `Bearer ${identity.sign(s, { nbf: minutes(10), exp: minutes(70) })}`],
    ['another bot as audience', (s) => `Bearer ${identity.sign(s, { aud: randomUUID() })}`],
    ['the audience in upper case', (s) => `Bearer ${identity.sign(s, { aud: identity.appId.toUpperCase() })}`],
    ['no audience', (s) => `Bearer ${identity.sign(s, { aud: undefined })}`],
    ['another issuer', (s) => `Bearer ${identity.sign(s, { iss: 'https://evil.example.com' })}`],
    ['the issuer with a trailing slash', (s) => `Bearer ${identity.sign(s, { iss: 'https://api.botframework.com/' })}`],
    ['an emulator-shaped token signed with the channel key', (s) => `Bearer ${identity.sign(s, { iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', ver: '1.0', appid: identity.appId })}`],
    ['a serviceurl claim for another connector', () => `Bearer ${identity.sign('http://127.0.0.1:1/')}`],
    ['no serviceurl claim', () => `Bearer ${identity.sign('', { serviceurl: undefined })}`],
  ];

  async function nothingHappens(post: () => Promise<{ status: number }>) {
    const calls = connector.calls.length;
    const graph = sim.counters();
    const documents = await bot.store.list('');
    const response = await post();
    // A late reply would still show up: give the turn time to (not) run.
    await new Promise((r) => setTimeout(r, 50));
    expect(response.status).toBe(401);
    expect(connector.calls.length).toBe(calls);
    expect(sim.counters().requests).toBe(graph.requests);
    expect(await bot.store.list('')).toEqual(documents);
  }

  it.each(rejected)('answers 401 to a message with %s, and nothing runs', async (_name, header) => {
    const activity = messageActivity(connector.url, admin, 'close account');
    const auth = header(connector.url);
    await nothingHappens(() => postActivity(bot.url, activity, auth ? { authorization: auth } : {}));
  });

  it.each(rejected)('answers 401 to a card action with %s, and nothing runs', async (_name, header) => {
    const activity = cardActionActivity(connector.url, admin, 'closure.start', { tenantId: tenant.tenantId });
    const auth = header(connector.url);
    await nothingHappens(() => postActivity(bot.url, activity, auth ? { authorization: auth } : {}));
  });

  it('rejects a key whose endorsements do not include the activity channel', async () => {
    const activity = { ...messageActivity(connector.url, admin, 'close account'), channelId: 'webchat' };
    await nothingHappens(() => postActivity(bot.url, activity, { authorization: `Bearer ${identity.sign(connector.url)}` }));
  });

  it('accepts a token expired 2 minutes ago (inside the 5-minute clock tolerance)', async () => {
    const token = identity.sign(connector.url, { nbf: minutes(-60), exp: minutes(-2) });
    const response = await postActivity(bot.url, messageActivity(connector.url, admin, 'help'), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
  });

  it('runs the turn for a valid token and replies through the connector with the bot\'s own outbound token', async () => {
    const before = connector.calls.length;
    const response = await postActivity(bot.url, messageActivity(connector.url, admin, 'close account'), { authorization: `Bearer ${identity.sign(connector.url)}` });
    expect(response.status).toBe(200);
    const reply = connector.calls.slice(before).find((c) => c.method === 'POST');
    expect(reply?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(JSON.stringify(firstCard(reply!.body))).toContain(tenant.initialDomain);
  });

  it('answers a valid card action in the invoke response', async () => {
    const response = await postActivity(bot.url, cardActionActivity(connector.url, admin, 'closure.unknownVerb', {}), { authorization: `Bearer ${identity.sign(connector.url)}` });
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).toContain("isn't available");
  });
});
