import { failureOf } from '../support/failure-of';
import { randomUUID } from 'node:crypto';
import { Contact } from '../../src/runner';
import { loadConfig } from '../../src/config';
import { BotAuthOverrides, createBotAdapter } from '../../src/hosting';
import { TokenServiceSignIn } from '../../src/hosting';
import { createLogger } from '../../src/observability';
import { LocalBotFrameworkIdentity, OUTBOUND_TOKEN } from '../support/local-bot-auth';
import { LocalEntra } from '../support/local-entra';
import { messageActivity } from '../support/teams-activity';
import { TurnContext } from 'botbuilder';
import { LocalTokenService } from './support/local-token-service';

const CONNECTION = 'graph-sso';

/**
 * The hosting side of the silent sign-in: the bot asks the (local) Bot Framework token service for an
 * admin's token outside any turn, with its own credentials, for the Teams account of the conversation
 * stored at the admin's last turn; anything that does not add up answers undefined, never throws.
 */
describe("TokenServiceSignIn: the admin's token from the token service, without a turn", () => {
  let identity: LocalBotFrameworkIdentity;
  let entra: LocalEntra;
  let tokens: LocalTokenService;
  const logs: Array<Record<string, unknown>> = [];
  const contacts = new Map<string, Contact>();
  let signIn: TokenServiceSignIn;

  beforeAll(async () => {
    identity = await new LocalBotFrameworkIdentity().start();
    entra = await new LocalEntra({ clientId: identity.appId, clientSecret: identity.password }).start();
    tokens = await new LocalTokenService(entra, CONNECTION, OUTBOUND_TOKEN).start();
    const config = loadConfig({ GRAPH_AUTH: 'sso', SSO_CONNECTION_NAME: CONNECTION, ...identity.env() });
    const adapter = createBotAdapter(config, { ...identity.botAuth(), OAuthUrl: tokens.url } as BotAuthOverrides);
    adapter.onTurnError = async (_context, error) => void logs.push({ level: 50, msg: 'Turn failed', err: String(error) });
    signIn = new TokenServiceSignIn({
      adapter,
      botAppId: identity.appId,
      connectionName: CONNECTION,
      contactOf: async (tenantId, userId) => contacts.get(`${tenantId}/${userId}`),
      log: createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }),
    });
  });

  afterAll(async () => {
    await tokens?.stop();
    await entra?.stop();
    await identity?.stop();
  });

  beforeEach(() => {
    tokens.calls.length = 0;
    logs.length = 0;
  });

  /** An admin whose last turn stored their conversation, as the closure service does. */
  function adminWithContact(change: (reference: Record<string, unknown>) => Record<string, unknown> = (r) => r) {
    const admin = { tenantId: randomUUID(), userId: randomUUID() };
    const activity = messageActivity('http://127.0.0.1:9/', { tenantId: admin.tenantId, aadObjectId: admin.userId, name: 'Admin' }, 'status');
    const reference = change(TurnContext.getConversationReference(activity as never));
    contacts.set(`${admin.tenantId}/${admin.userId}`, { aadObjectId: admin.userId, name: 'Admin', target: { conversation: reference, locale: 'en' } });
    return { ...admin, teamsId: `29:${admin.userId}` };
  }

  const noSecretsLogged = (...secrets: string[]) => {
    const text = JSON.stringify(logs);
    for (const secret of secrets) expect(text).not.toContain(secret);
  };

  it("returns the token the service holds for the admin's Teams account, asked as the bot on the Teams channel", async () => {
    const admin = adminWithContact();
    const token = entra.userToken({ tenantId: admin.tenantId, objectId: admin.userId });
    tokens.hold(admin.teamsId, token);
    expect(await signIn.storedSignIn(admin)).toBe(token);
    expect(tokens.calls).toHaveLength(1);
    expect(tokens.calls[0]).toEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/api/usertoken/GetToken',
        authorization: `Bearer ${OUTBOUND_TOKEN}`,
        query: expect.objectContaining({ userId: admin.teamsId, connectionName: CONNECTION, channelId: 'msteams' }),
      }),
    );
    expect(tokens.calls[0].query.code).toBeUndefined();
    noSecretsLogged(token, OUTBOUND_TOKEN);
  });

  it('no token at the service (signed out): undefined', async () => {
    const admin = adminWithContact();
    expect(await signIn.storedSignIn(admin)).toBeUndefined();
    expect(tokens.calls).toHaveLength(1);
    expect(logs.some((l) => l.msg === 'The token service holds no sign-in for this admin: they must sign in again')).toBe(true);
  });

  it('a token naming someone else is not used', async () => {
    const admin = adminWithContact();
    const other = entra.userToken({ tenantId: admin.tenantId, objectId: randomUUID() });
    tokens.hold(admin.teamsId, other);
    expect(await signIn.storedSignIn(admin)).toBeUndefined();
    expect(logs.some((l) => l.msg === 'The token service returned a token for someone else: not used')).toBe(true);
    noSecretsLogged(other);
  });

  it.each([
    ['no stored conversation', () => ({ tenantId: randomUUID(), userId: randomUUID() })],
    ['a conversation of another user', () => adminWithContact((r) => ({ ...r, user: { id: `29:${randomUUID()}`, aadObjectId: randomUUID() } }))],
    ['a conversation of another tenant', () => adminWithContact((r) => ({ ...r, conversation: { ...(r.conversation as object), tenantId: randomUUID() } }))],
    ['another channel', () => adminWithContact((r) => ({ ...r, channelId: 'webchat' }))],
    ['a user id that is not a Teams one', () => adminWithContact((r) => ({ ...r, user: { ...(r.user as object), id: 'someone' } }))],
  ])('%s: undefined, and the token service is not asked', async (_name, make) => {
    const admin = make();
    expect(await signIn.storedSignIn(admin)).toBeUndefined();
    expect(tokens.calls).toEqual([]);
  });

  it('the token service failing (a refused bot token, here) throws an outage, not a missing sign-in, and logs no bearer', async () => {
    const admin = adminWithContact();
    const broken = new LocalTokenService(entra, CONNECTION, 'another-bot-token');
    await broken.start();
    try {
      const config = loadConfig({ GRAPH_AUTH: 'sso', SSO_CONNECTION_NAME: CONNECTION, ...identity.env() });
      const adapter = createBotAdapter(config, { ...identity.botAuth(), OAuthUrl: broken.url } as BotAuthOverrides);
      let turnErrors = 0;
      adapter.onTurnError = async () => void turnErrors++;
      const failing = new TokenServiceSignIn({
        adapter,
        botAppId: identity.appId,
        connectionName: CONNECTION,
        contactOf: async (tenantId, userId) => contacts.get(`${tenantId}/${userId}`),
        log: createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }),
      });
      const failure = await failureOf(failing.storedSignIn(admin));
      expect(failure.message).toMatch(/^Token service unavailable \(401\)/);
      expect(JSON.stringify(failure)).not.toContain(OUTBOUND_TOKEN);
      expect(broken.calls).toHaveLength(1);
      expect(turnErrors).toBe(0);
      const warning = logs.find((l) => l.msg === "Could not ask the token service for the admin's sign-in");
      expect(warning).toEqual(expect.objectContaining({ status: 401, tenantId: admin.tenantId, userId: admin.userId }));
      noSecretsLogged(OUTBOUND_TOKEN);
    } finally {
      await broken.stop();
    }
  });

  it('the token service unreachable: throws an outage, not a missing sign-in', async () => {
    const admin = adminWithContact();
    const config = loadConfig({ GRAPH_AUTH: 'sso', SSO_CONNECTION_NAME: CONNECTION, ...identity.env() });
    const adapter = createBotAdapter(config, { ...identity.botAuth(), OAuthUrl: 'http://127.0.0.1:9' } as BotAuthOverrides);
    const unreachable = new TokenServiceSignIn({ adapter, botAppId: identity.appId, connectionName: CONNECTION, contactOf: async (t, u) => contacts.get(`${t}/${u}`), log: createLogger('silent') });
    expect((await failureOf(unreachable.storedSignIn(admin))).message).toMatch(/^Token service unavailable \(ECONNREFUSED\)/);
  });
});
