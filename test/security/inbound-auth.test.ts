import { randomUUID } from 'node:crypto';
import { cardActionActivity, firstCard, messageActivity, postActivity } from '../support/teams-activity';
import { isMessageSend } from '../support/fake-connector';
import { AuthenticatedBot, startAuthenticatedBot } from './support/authenticated-bot';
import { OUTBOUND_TOKEN } from '../support/local-bot-auth';

/**
 * Inbound authentication with BOT_ID set: every request must carry a Bot Framework token signed by a
 * key of the channel's JWKS, for this bot, from this issuer, for this serviceUrl, and current.
 * Anything else is 401 and reaches no handler: no reply, no Graph call, nothing stored.
 * Everything runs on loopback (shared/reference/jwt-test.md).
 */
describe('inbound authentication (BOT_ID set)', () => {
  let setup: AuthenticatedBot;
  beforeAll(async () => (setup = await startAuthenticatedBot()));
  afterAll(() => setup?.stop());

  const minutes = (n: number) => Math.floor(Date.now() / 1000) + n * 60;

  /** Each case: the Authorization header for an activity posted to `serviceUrl`. */
  const rejected: Array<[string, (serviceUrl: string) => string | undefined]> = [
    ['no Authorization header', () => undefined],
    ['a bearer that is not a JWT', () => 'Bearer not-a-jwt'],
    ['Basic credentials', () => `Basic ${Buffer.from(`${setup.identity.appId}:${setup.identity.password}`).toString('base64')}`],
    ['a forged signature on the trusted kid', (s) => `Bearer ${setup.identity.sign(s, {}, { key: setup.identity.foreignKey.privateKey })}`],
    ['a key the JWKS does not have', (s) => `Bearer ${setup.identity.sign(s, {}, { key: setup.identity.foreignKey.privateKey, kid: 'unknown-kid' })}`],
    ['alg none', (s) => `Bearer ${setup.identity.sign(s, {}, { algorithm: 'none' })}`],
    ['HS256 keyed with the public key (alg confusion)', (s) => `Bearer ${setup.identity.sign(s, {}, { algorithm: 'HS256' })}`],
    ['expired 10 minutes ago (beyond the 5-minute tolerance)', (s) => `Bearer ${setup.identity.sign(s, { nbf: minutes(-70), exp: minutes(-10) })}`],
    ['nbf 10 minutes in the future', (s) => `Bearer ${setup.identity.sign(s, { nbf: minutes(10), exp: minutes(70) })}`],
    ['another bot as audience', (s) => `Bearer ${setup.identity.sign(s, { aud: randomUUID() })}`],
    ['the audience in upper case', (s) => `Bearer ${setup.identity.sign(s, { aud: setup.identity.appId.toUpperCase() })}`],
    ['no audience', (s) => `Bearer ${setup.identity.sign(s, { aud: undefined })}`],
    ['another issuer', (s) => `Bearer ${setup.identity.sign(s, { iss: 'https://evil.example.com' })}`],
    ['the issuer with a trailing slash', (s) => `Bearer ${setup.identity.sign(s, { iss: 'https://api.botframework.com/' })}`],
    ['an emulator-shaped token signed with the channel key', (s) => `Bearer ${setup.identity.sign(s, { iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', ver: '1.0', appid: setup.identity.appId })}`],
    ['a serviceurl claim for another connector', () => `Bearer ${setup.identity.sign('http://127.0.0.1:1/')}`],
    ['no serviceurl claim', () => `Bearer ${setup.identity.sign('', { serviceurl: undefined })}`],
  ];

  async function nothingHappens(post: () => Promise<{ status: number }>) {
    const calls = setup.connector.calls.length;
    const graph = setup.sim.counters();
    const documents = await setup.bot.store.list('');
    const response = await post();
    // A late reply would still show up: give the turn time to (not) run.
    await new Promise((r) => setTimeout(r, 50));
    expect(response.status).toBe(401);
    expect(setup.connector.calls.length).toBe(calls);
    expect(setup.sim.counters().requests).toBe(graph.requests);
    expect(await setup.bot.store.list('')).toEqual(documents);
  }

  it.each(rejected)('answers 401 to a message with %s, and nothing runs', async (_name, header) => {
    const activity = messageActivity(setup.connector.url, setup.admin, 'close account');
    const auth = header(setup.connector.url);
    await nothingHappens(() => postActivity(setup.bot.url, activity, auth ? { authorization: auth } : {}));
  });

  it.each(rejected)('answers 401 to a card action with %s, and nothing runs', async (_name, header) => {
    const activity = cardActionActivity(setup.connector.url, setup.admin, 'closure.start', { tenantId: setup.tenant.tenantId });
    const auth = header(setup.connector.url);
    await nothingHappens(() => postActivity(setup.bot.url, activity, auth ? { authorization: auth } : {}));
  });

  it('rejects a key whose endorsements do not include the activity channel', async () => {
    const activity = { ...messageActivity(setup.connector.url, setup.admin, 'close account'), channelId: 'webchat' };
    await nothingHappens(() => postActivity(setup.bot.url, activity, { authorization: `Bearer ${setup.identity.sign(setup.connector.url)}` }));
  });

  it('accepts a token expired 2 minutes ago (inside the 5-minute clock tolerance)', async () => {
    const token = setup.identity.sign(setup.connector.url, { nbf: minutes(-60), exp: minutes(-2) });
    const response = await postActivity(setup.bot.url, messageActivity(setup.connector.url, setup.admin, 'help'), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
  });

  it("runs the turn for a valid token and replies through the connector with the bot's own outbound token", async () => {
    const before = setup.connector.calls.length;
    const response = await postActivity(setup.bot.url, messageActivity(setup.connector.url, setup.admin, 'close account'), { authorization: `Bearer ${setup.identity.sign(setup.connector.url)}` });
    expect(response.status).toBe(200);
    const reply = setup.connector.calls.slice(before).find(isMessageSend);
    expect(reply?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(JSON.stringify(firstCard(reply!.body))).toContain(setup.tenant.initialDomain);
  });

  it('answers a valid card action in the invoke response', async () => {
    const response = await postActivity(setup.bot.url, cardActionActivity(setup.connector.url, setup.admin, 'closure.unknownVerb', {}), { authorization: `Bearer ${setup.identity.sign(setup.connector.url)}` });
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).toContain("isn't available");
  });
});
