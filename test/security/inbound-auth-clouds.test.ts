import { CLOUD_PROFILES, CLOUDS, CloudName } from '../../src/config';
import { firstCard, messageActivity, postActivity } from '../support/teams-activity';
import { isMessageSend } from '../support/fake-connector';
import { AuthenticatedBot, startAuthenticatedBot } from './support/authenticated-bot';
import { OUTBOUND_TOKEN } from '../support/local-bot-auth';

/**
 * A bot registered in Azure Government or Azure China receives activities signed by that cloud's
 * channel, with that cloud's issuer. With CLOUD set, the bot keeps its cloud's issuer and only the
 * key metadata is served locally: a token from the cloud's own channel runs the turn, a token from
 * any other cloud's channel is 401 before any handler runs.
 */
describe.each(CLOUDS)('inbound authentication with CLOUD=%s', (cloud: CloudName) => {
  let setup: AuthenticatedBot;
  beforeAll(async () => (setup = await startAuthenticatedBot({ env: { CLOUD: cloud }, botAuth: (i) => i.localKeysOnly() })));
  afterAll(() => setup?.stop());

  it(`runs the turn for a token issued by ${cloud}'s channel and replies with the bot's outbound token`, async () => {
    const before = setup.connector.calls.length;
    const token = setup.identity.sign(setup.connector.url, { iss: CLOUD_PROFILES[cloud].botFramework.tokenIssuer });
    const response = await postActivity(setup.bot.url, messageActivity(setup.connector.url, setup.admin, 'close account'), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const reply = setup.connector.calls.slice(before).find(isMessageSend);
    expect(reply?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(JSON.stringify(firstCard(reply!.body))).toContain(setup.tenant.initialDomain);
  });

  const otherIssuers = [...new Set(CLOUDS.map((c) => CLOUD_PROFILES[c].botFramework.tokenIssuer))].filter((i) => i !== CLOUD_PROFILES[cloud].botFramework.tokenIssuer);

  it.each(otherIssuers)('answers 401 to a token issued by %s, and nothing runs', async (issuer) => {
    const calls = setup.connector.calls.length;
    const graph = setup.sim.counters().requests;
    const token = setup.identity.sign(setup.connector.url, { iss: issuer });
    const response = await postActivity(setup.bot.url, messageActivity(setup.connector.url, setup.admin, 'close account'), { authorization: `Bearer ${token}` });
    await new Promise((r) => setTimeout(r, 50));
    expect(response.status).toBe(401);
    expect(setup.connector.calls.length).toBe(calls);
    expect(setup.sim.counters().requests).toBe(graph);
  });
});
