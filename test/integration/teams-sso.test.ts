import { fakeDateOnly } from '../support/fake-date';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jwt from 'jsonwebtoken';
import { GraphSimulator, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { declaredGraphScopes } from '../../graph-reference/declared-scopes';
import { AppConfig, loadConfig } from '../../src/config';
import { createGraphAccess } from '../../src/graph';
import { BotAuthOverrides } from '../../src/hosting';
import { RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability';
import type { StateStore } from '../../src/ports';
import { FileStateStore, MemoryStateStore } from '../../src/storage';
import { LocalBotFrameworkIdentity, OUTBOUND_TOKEN } from '../support/local-bot-auth';
import { FakeConnector, isMessageSend } from '../support/fake-connector';
import { cardActionActivity, cardText, firstCard, messageActivity, postActivity, TeamsUser } from '../support/teams-activity';
import { LocalEntra } from '../support/local-entra';
import { LocalTokenService } from './support/local-token-service';
import { RecordingProxy } from '../support/recording-proxy';
import { RecordingStore } from './support/recording-store';

const CONNECTION = 'graph-sso';
const TOKEN_EXCHANGE_OK = { status: 200 };

/**
 * Teams SSO (GRAPH_AUTH=sso) end to end, offline. The real bot (startBot, BOT_ID set) receives
 * activities signed by a local Bot Framework identity and answers through a fake connector; Teams
 * AI's sign-in talks to a local Bot Framework token service (OAuthUrl); the bot's on-behalf-of goes
 * through @azure/identity and MSAL to a local Entra ID over https; Graph is the simulator behind a
 * proxy that records the bearer of each call. Nothing leaves 127.0.0.1.
 */
describe('Teams SSO, end to end on loopback', () => {
  let sim: GraphSimulator;
  let graph: RecordingProxy;
  let connector: FakeConnector;
  let identity: LocalBotFrameworkIdentity;
  let entra: LocalEntra;
  let tokens: LocalTokenService;
  let bot: RunningBot;
  let config: AppConfig;
  /** Every state store a bot of this file wrote to, with what was written (see "what reaches the store"). */
  const stores: RecordingStore[] = [];
  const logs: Array<{ level: number; msg: string; reason?: string }> = [];
  const log = createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string; reason?: string }) });
  const tempDirs: string[] = [];

  /**
   * A bot instance on `store`, as production starts one: its own Graph access (the production one,
   * with the local Entra ID as authority and its certificate trusted) and the token service on loopback.
   */
  async function startInstance(store: StateStore): Promise<RunningBot> {
    const recording = new RecordingStore(store);
    stores.push(recording);
    const graphAccess = createGraphAccess(config, undefined, { authorityHost: entra.origin, tlsOptions: { ca: entra.certificate!.cert }, disableInstanceDiscovery: true });
    return startBot(config, { log, graphAccess, store: recording, botAuth: { ...identity.botAuth(), OAuthUrl: tokens.url } as BotAuthOverrides });
  }

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [] });
    graph = await new RecordingProxy(sim.url).start();
    connector = await new FakeConnector().start();
    identity = await new LocalBotFrameworkIdentity().start();
    // Graph tokens are the simulator's JWTs: their scp is what the tenant consented to, as from Entra.
    entra = await new LocalEntra({ clientId: identity.appId, clientSecret: identity.password }, ({ tid, oid }) => sim.issueToken(tid, oid)).start();
    tokens = await new LocalTokenService(entra, CONNECTION, OUTBOUND_TOKEN).start();
    config = loadConfig({
      PORT: '0',
      GRAPH_AUTH: 'sso',
      SSO_CONNECTION_NAME: CONNECTION,
      GRAPH_ENDPOINT: graph.url,
      STATE_STORE: 'memory',
      LOG_LEVEL: 'warn',
      ...identity.env(),
    });
    bot = await startInstance(new MemoryStateStore());
  });

  afterAll(async () => {
    await bot?.stop();
    await tokens?.stop();
    await entra?.stop();
    await identity?.stop();
    await connector?.stop();
    await graph?.stop();
    await sim?.close();
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  afterEach(() => {
    // No turn may fail: failures must reach the admin as a message, not as a 500 or an error log.
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  /** A Global Administrator of a fresh simulated tenant, as Teams names them in activities. */
  function adminOf(tenant: TenantInfo): TeamsUser & { teamsId: string; conversationId: string } {
    return { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin', teamsId: `29:${tenant.adminId}`, conversationId: `a:personal-${tenant.adminId}` };
  }

  const signed = () => ({ authorization: `Bearer ${identity.sign(connector.url)}` });
  const say = (user: TeamsUser, text: string, { to = bot, ...options }: { conversationType?: string; to?: RunningBot } = {}) => postActivity(to.url, messageActivity(connector.url, user, text, options), signed());
  const click = (user: TeamsUser, verb: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const activity = cardActionActivity(connector.url, user, verb, data);
    return postActivity(bot.url, { ...activity, value: { ...activity.value, ...extra } }, signed());
  };
  /** What Teams sends once it got an SSO token for the resource an OAuthCard names. */
  const tokenExchange = (user: TeamsUser, id: string, token: string, to: RunningBot = bot) => {
    const { text: _text, ...envelope } = messageActivity(connector.url, user, '');
    return postActivity(to.url, { ...envelope, type: 'invoke', name: 'signin/tokenExchange', value: { id, connectionName: CONNECTION, token } }, signed());
  };
  const sentTo = (user: { conversationId: string }, since: number) =>
    connector.calls
      .slice(since)
      .filter((c) => isMessageSend(c) && c.conversationId === user.conversationId)
      .map((c) => c.body);
  const oauthCardOf = (activity: Record<string, unknown>) =>
    (activity.attachments as Array<{ contentType: string; content: { connectionName: string; tokenExchangeResource?: { id: string; uri: string } } }>).find((a) => a.contentType === 'application/vnd.microsoft.card.oauth')
      ?.content;
  const storedFor = async (tenant: TenantInfo) => (await bot.store.list('')).filter((key) => key.includes(tenant.tenantId));
  /** `tid.oid` of a Graph bearer (the simulator's JWT). */
  const principalOf = (authorization: string | undefined) => {
    const claims = JSON.parse(Buffer.from((authorization ?? '').replace(/^Bearer /, '').split('.')[1] ?? '', 'base64url').toString('utf8') || '{}');
    return `${claims.tid}.${claims.oid}`;
  };
  const scpOf = (authorization: string | undefined) => String(JSON.parse(Buffer.from((authorization ?? '').replace(/^Bearer /, '').split('.')[1] ?? '', 'base64url').toString('utf8') || '{}').scp).split(' ');
  const graphCallsFor = (tenantId: string) => graph.requests.filter((r) => principalOf(r.authorization).startsWith(`${tenantId}.`));
  /** What Teams AI keeps in `store` for a personal chat (its conversation state: a pending sign-in). */
  async function teamsAiStateOf(store: StateStore, user: { conversationId: string }): Promise<unknown[]> {
    const found: unknown[] = [];
    for (const key of await store.list('teams-ai/')) {
      const stored = await store.get<{ key: string; item: unknown }>(key);
      if (stored?.value.key.endsWith(`/conversations/${user.conversationId}`)) found.push(stored.value.item);
    }
    return found;
  }

  /** "close account" with no token yet: the sign-in card, whose exchange resource is returned. */
  async function startSignIn(user: ReturnType<typeof adminOf>, text = 'close account', to: RunningBot = bot) {
    const before = connector.calls.length;
    const response = await say(user, text, { to });
    expect(response.status).toBe(200);
    const sent = sentTo(user, before);
    expect(sent).toHaveLength(1);
    const card = oauthCardOf(sent[0]);
    expect(card?.tokenExchangeResource?.uri).toBe(`api://botid-${identity.appId}`);
    return card!.tokenExchangeResource!;
  }

  describe('the admin signs in silently and the command goes on', () => {
    let tenant: TenantInfo;
    let admin: ReturnType<typeof adminOf>;
    let overviewCardId: string;

    beforeAll(() => {
      tenant = sim.addTenant('small', { tenantId: randomUUID() });
      admin = adminOf(tenant);
    });

    it('a. "close account" without a token gets the sign-in card naming the bot\'s API, and no closure logic runs', async () => {
      const before = connector.calls.length;
      const response = await say(admin, 'close account');
      expect(response.status).toBe(200);
      const sent = sentTo(admin, before);
      expect(sent).toHaveLength(1);
      const card = oauthCardOf(sent[0]);
      expect(card).toEqual(expect.objectContaining({ connectionName: CONNECTION, tokenExchangeResource: expect.objectContaining({ uri: `api://botid-${identity.appId}` }) }));
      // Teams AI asked the token service for a token (none), then for the sign-in resource of this bot.
      const getToken = tokens.callsTo('/api/usertoken/GetToken');
      expect(getToken[0].query).toEqual(expect.objectContaining({ userId: admin.teamsId, connectionName: CONNECTION, channelId: 'msteams' }));
      const resource = tokens.callsTo('/api/botsignin/GetSignInResource')[0];
      expect(JSON.parse(Buffer.from(resource.query.state, 'base64').toString('utf8'))).toEqual(expect.objectContaining({ msAppId: identity.appId, connectionName: CONNECTION }));
      expect(tokens.calls.every((c) => c.authorization === `Bearer ${OUTBOUND_TOKEN}`)).toBe(true);
      // Nothing reached Graph or Entra, nothing was stored.
      expect(graphCallsFor(tenant.tenantId)).toEqual([]);
      expect(sim.counters().requests).toBe(0);
      expect(entra.oboRequests()).toEqual([]);
      expect(await storedFor(tenant)).toEqual([]);
    });

    it('b. Teams exchanges its SSO token: the invoke is answered 200 and the admin sees the overview without typing again', async () => {
      const resource = tokens.callsTo('/api/botsignin/GetSignInResource').length; // the card of step a
      expect(resource).toBe(1);
      const exchangeId = oauthCardOf(connector.sent(admin.conversationId).at(-1)!)!.tokenExchangeResource!.id;
      const sso = entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId, name: admin.name });
      const before = connector.calls.length;
      const response = await tokenExchange(admin, exchangeId, sso);
      expect(response).toEqual({ ...TOKEN_EXCHANGE_OK, body: { id: exchangeId, connectionName: CONNECTION, failureDetail: null } });
      // The token service was asked to exchange exactly the token Teams sent, for this user and connection.
      const exchanges = tokens.callsTo('/api/usertoken/exchange');
      expect(exchanges.length).toBeGreaterThan(0);
      for (const call of exchanges) {
        expect(call.body).toEqual({ token: sso });
        expect(call.query).toEqual(expect.objectContaining({ userId: admin.teamsId, connectionName: CONNECTION, channelId: 'msteams' }));
      }
      const sent = sentTo(admin, before);
      expect(sent).toHaveLength(1);
      const card = firstCard(sent[0]);
      const text = cardText(card);
      expect(text).toContain('Before you begin');
      expect(text).toContain(tenant.initialDomain);
      expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'closure.start' })]);
      overviewCardId = connector.calls.slice(before).find(isMessageSend)!.responseId!;
    });

    it('c. Graph calls carry the token the local Entra issued on-behalf-of the admin, for the token the token service gave', async () => {
      const obo = entra.oboRequests();
      expect(obo).toHaveLength(1);
      const [request] = obo;
      expect(request).toEqual(
        expect.objectContaining({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          requested_token_use: 'on_behalf_of',
          client_id: identity.appId,
          client_secret: identity.password,
        }),
      );
      expect(request.scope.split(' ')).toContain(`${graph.url}/.default`);
      // The assertion is the token the token service holds for the admin (its exchange of the Teams token).
      expect(request.assertion).toBe(tokens.tokenOf(admin.teamsId));
      expect(jwt.decode(request.assertion)).toEqual(expect.objectContaining({ aud: `api://botid-${identity.appId}`, tid: tenant.tenantId, oid: tenant.adminId }));
      // At the admin's tenant, not the bot's; MSAL read the tenant's OpenID configuration and nothing else.
      expect(entra.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /${tenant.tenantId}/v2.0/.well-known/openid-configuration`, `POST /${tenant.tenantId}/oauth2/v2.0/token`]);
      const calls = graph.requests;
      expect(calls.length).toBeGreaterThan(0);
      expect(new Set(calls.map((c) => principalOf(c.authorization)))).toEqual(new Set([`${tenant.tenantId}.${tenant.adminId}`]));
      // The token the bot holds says what was granted: the scopes aad.manifest.json declares.
      expect(scpOf(calls[0].authorization).sort()).toEqual([...declaredGraphScopes()].sort());
      expect(sim.counters().unauthorized).toBe(0);
    });

    it('d. a later card click runs silently with the token the token service now returns (no new sign-in card, no new on-behalf-of)', async () => {
      const before = connector.calls.length;
      const tokenCalls = tokens.calls.length;
      const graphCalls = graph.requests.length;
      const activity = cardActionActivity(connector.url, admin, 'closure.start', { tenantId: tenant.tenantId }, { replyToId: overviewCardId });
      const response = await postActivity(bot.url, activity, signed());
      expect(response.status).toBe(200);
      const body = response.body as { statusCode: number; type: string; value: unknown };
      expect(body.statusCode).toBe(200);
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardText(body.value)).toMatch(/^Before you begin$/m);
      expect(cardText(body.value)).not.toMatch(/^Close the Microsoft 365 account of/m);
      // The closure started: it is stored for the tenant.
      expect(await storedFor(tenant)).not.toEqual([]);
      // Silent: one GetToken answered with the token, no sign-in resource, no OAuthCard.
      const newTokenCalls = tokens.calls.slice(tokenCalls);
      expect(newTokenCalls.map((c) => c.path)).toEqual(['/api/usertoken/GetToken']);
      expect(connector.calls.slice(before).some((c) => c.body.attachments && oauthCardOf(c.body))).toBe(false);
      // Same assertion as before: MSAL answers from its cache, Graph sees the same on-behalf-of token.
      expect(entra.oboRequests()).toHaveLength(1);
      expect(graph.requests.length).toBeGreaterThan(graphCalls);
      expect(new Set(graph.requests.slice(graphCalls).map((c) => principalOf(c.authorization)))).toEqual(new Set([`${tenant.tenantId}.${tenant.adminId}`]));
    });
  });

  describe('a second sign-in runs its own command', () => {
    it('after the token service lost the token, "status" asks to sign in again and then answers status, not the earlier command', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const first = await startSignIn(admin, 'close account');
      let before = connector.calls.length;
      expect((await tokenExchange(admin, first.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }))).status).toBe(200);
      expect(cardText(firstCard(sentTo(admin, before)[0]))).toContain('Before you begin');

      tokens.forget(admin.teamsId);
      const second = await startSignIn(admin, 'status');
      before = connector.calls.length;
      expect((await tokenExchange(admin, second.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }))).status).toBe(200);
      const sent = sentTo(admin, before);
      expect(sent).toHaveLength(1);
      const text = cardText(firstCard(sent[0]));
      expect(text).toContain('No closure is in progress for this organization');
      expect(text).not.toContain('Before you begin');
    });
  });

  describe('without SSO', () => {
    it("when Teams cannot exchange, the sign-in button's web sign-in completes with the magic code (signin/verifyState) and the command goes on", async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const resource = await startSignIn(admin);
      expect((await tokenExchange(admin, resource.id, 'not-a-token')).status).toBe(412);
      const code = tokens.completeWebSignIn(admin.teamsId, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }));
      const before = connector.calls.length;
      const { text: _text, ...envelope } = messageActivity(connector.url, admin, '');
      const response = await postActivity(bot.url, { ...envelope, type: 'invoke', name: 'signin/verifyState', value: { state: code } }, signed());
      expect(response.status).toBe(200);
      expect(tokens.callsTo('/api/usertoken/GetToken').some((c) => c.query.code === code)).toBe(true);
      const sent = sentTo(admin, before);
      expect(sent).toHaveLength(1);
      expect(cardText(firstCard(sent[0]))).toContain('Before you begin');
      expect(entra.oboRequests().at(-1)?.assertion).toBe(tokens.tokenOf(admin.teamsId));
    });
  });

  describe('a card click without a token', () => {
    it("asks Teams for an SSO token naming the bot's API; the click Teams retries with it runs", async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const first = await click(admin, 'closure.start', { tenantId: tenant.tenantId });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        statusCode: 401,
        type: 'application/vnd.microsoft.activity.loginRequest',
        value: expect.objectContaining({ connectionName: CONNECTION, tokenExchangeResource: { id: '28:closure-bot', uri: `api://botid-${identity.appId}` } }),
      });
      expect(graphCallsFor(tenant.tenantId)).toEqual([]);

      const sso = entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId });
      const retried = await click(admin, 'closure.start', { tenantId: tenant.tenantId }, { authentication: { id: randomUUID(), connectionName: CONNECTION, token: sso } });
      expect(retried.status).toBe(200);
      expect((retried.body as { type: string }).type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardText((retried.body as { value: unknown }).value)).toMatch(/^Before you begin$/m);
      expect(cardText((retried.body as { value: unknown }).value)).not.toMatch(/^Close the Microsoft 365 account of/m);
      expect(graphCallsFor(tenant.tenantId).length).toBeGreaterThan(0);
      expect(entra.oboRequests().some((r) => r.assertion === tokens.tokenOf(admin.teamsId))).toBe(true);
    });
  });

  describe('failures reach the admin as messages', () => {
    it.each([
      ['expired', (e: LocalEntra, t: TenantInfo) => e.userToken({ tenantId: t.tenantId, objectId: t.adminId }, { exp: Math.floor(Date.now() / 1000) - 600 })],
      ['issued for another app', (e: LocalEntra, t: TenantInfo) => e.userToken({ tenantId: t.tenantId, objectId: t.adminId }, { aud: `api://botid-${randomUUID()}` })],
      ['not signed by Entra', (e: LocalEntra, t: TenantInfo) => e.userToken({ tenantId: t.tenantId, objectId: t.adminId }, {}, { foreignKey: true })],
    ])('an SSO token the token service cannot exchange (%s) is answered 412, so Teams shows the sign-in card; nothing runs, and a good token still works', async (_name, badToken) => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const resource = await startSignIn(admin);
      const before = connector.calls.length;
      const refused = await tokenExchange(admin, resource.id, badToken(entra, tenant));
      expect(refused).toEqual({ status: 412, body: expect.objectContaining({ id: resource.id, connectionName: CONNECTION, failureDetail: expect.stringMatching(/unable to exchange token/) }) });
      expect(tokens.callsTo('/api/usertoken/exchange').at(-1)?.body?.token).toBeDefined();
      expect(tokens.tokenOf(admin.teamsId)).toBeUndefined();
      expect(sentTo(admin, before)).toEqual([]);
      expect(graphCallsFor(tenant.tenantId)).toEqual([]);
      expect(await storedFor(tenant)).toEqual([]);

      // The sign-in is still waiting: Teams' next exchange (a fresh token) completes it.
      const ok = await tokenExchange(admin, resource.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }));
      expect(ok.status).toBe(200);
      expect(cardText(firstCard(sentTo(admin, before)[0]))).toContain('Before you begin');
    });

    it('Entra refuses on-behalf-of (consent missing, AADSTS65001): the admin gets the consent card (what each permission is for, the consent page of their tenant, "Check again") and no error, nothing stored; after consent "Check again" goes on', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      entra.consentMissing.add(tenant.tenantId);
      const resource = await startSignIn(admin);
      const oboBefore = entra.oboRequests().length;
      let before = connector.calls.length;
      const response = await tokenExchange(admin, resource.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }));
      expect(response.status).toBe(200);
      const refusedObo = entra.oboRequests().slice(oboBefore);
      expect(refusedObo.length).toBeGreaterThan(0);
      expect(refusedObo.every((r) => r.assertion === tokens.tokenOf(admin.teamsId))).toBe(true);
      const sent = sentTo(admin, before);
      expect(sent).toHaveLength(1);
      const consentCard = firstCard(sent[0]);
      const text = cardText(consentCard);
      expect(text).toContain('Admin consent needed');
      expect(text).toContain('a Global Administrator must grant this app admin consent once');
      // Every declared permission, with what it is for.
      expect(text).toMatch(/User\.Read\.All\s+read every user account/);
      expect(text).toMatch(/Policy\.ReadWrite\.ConditionalAccess\s+turn off Conditional Access policies that require MFA/);
      // A permanent condition: no "try again in a few minutes", and no error wording.
      expect(text).not.toMatch(/few minutes|went wrong/);
      // Signing in again cannot fix a missing consent: the card opens the tenant's v2.0 consent page (every declared scope,
      // the token service's redirect) and offers "Check again".
      const [open, check] = consentCard.actions as Array<Record<string, unknown>>;
      expect(check).toEqual({ type: 'Action.Execute', title: 'Check again', verb: 'consent.check', data: {} });
      const url = new URL(String(open.url));
      expect(open.title).toBe('Grant admin consent');
      expect(`${url.origin}${url.pathname}`).toBe(`https://login.microsoftonline.com/${tenant.tenantId}/v2.0/adminconsent`);
      expect(url.searchParams.get('client_id')).toBe(identity.appId);
      expect(url.searchParams.get('redirect_uri')).toBe('https://token.botframework.com/.auth/web/redirect');
      expect(url.searchParams.get('scope')).toBe('https://graph.microsoft.com/.default');
      expect(graphCallsFor(tenant.tenantId)).toEqual([]);
      expect(await storedFor(tenant)).toEqual([]);
      expect(logs.some((l) => l.msg === 'Graph call failed' && String(l.reason).includes('AADSTS65001'))).toBe(true);

      // Nothing else moves until consent is in place: "Check again" gets the same card, and no Graph call.
      let checked = await click(admin, 'consent.check', {});
      expect(checked.status).toBe(200);
      expect(cardText((checked.body as { value: Record<string, unknown> }).value)).toContain('Admin consent needed');
      expect(graphCallsFor(tenant.tenantId)).toEqual([]);

      // An administrator consents; "Check again" goes on, and the admin is not asked to sign in.
      entra.consentMissing.delete(tenant.tenantId);
      before = connector.calls.length;
      checked = await click(admin, 'consent.check', {});
      expect(checked.status).toBe(200);
      expect(cardText((checked.body as { value: Record<string, unknown> }).value)).toContain('Before you begin');
      expect(graphCallsFor(tenant.tenantId).length).toBeGreaterThan(0);
    });

    it('a token exchange after the sign-in card expired (15 minutes) runs nothing and tells the admin to try again, which then works silently', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const resource = await startSignIn(admin);
      // Only the clock moves on: every party (bot, token service, Entra, tokens signed here) reads the same Date.
      fakeDateOnly();
      try {
        jest.setSystemTime(Date.now() + 16 * 60_000);
        const before = connector.calls.length;
        const late = await tokenExchange(admin, resource.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }));
        expect(late.status).toBeLessThan(500);
        const sent = sentTo(admin, before);
        expect(sent).toHaveLength(1);
        expect(cardText(firstCard(sent[0]))).toContain('I need your permission to act on your behalf. Sign in and try again.');
        expect(graphCallsFor(tenant.tenantId)).toEqual([]);
        expect(logs.some((l) => l.msg === 'Teams sign-in did not complete')).toBe(true);
        const again = connector.calls.length;
        expect((await say(admin, 'close account')).status).toBe(200);
        expect(cardText(firstCard(sentTo(admin, again)[0]))).toContain('Before you begin');
      } finally {
        jest.useRealTimers();
      }
    });

    it('after a sign-in card expired, the next sign-in runs its own command, not the expired one', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const resource = await startSignIn(admin, 'close account');
      fakeDateOnly();
      try {
        jest.setSystemTime(Date.now() + 16 * 60_000);
        const before = connector.calls.length;
        expect((await tokenExchange(admin, resource.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }))).status).toBeLessThan(500);
        expect(cardText(firstCard(sentTo(admin, before)[0]))).toContain('Sign in and try again.');
      } finally {
        jest.useRealTimers();
      }
      // The failed sign-in left nothing behind for this chat.
      expect(await teamsAiStateOf(bot.store, admin)).toEqual([]);
      tokens.forget(admin.teamsId);
      const second = await startSignIn(admin, 'status');
      const before = connector.calls.length;
      expect((await tokenExchange(admin, second.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }))).status).toBe(200);
      const sent = sentTo(admin, before);
      expect(sent).toHaveLength(1);
      expect(cardText(firstCard(sent[0]))).toContain('No closure is in progress for this organization');
    });

    it('Entra ID unreachable during a turn: "still signed in, try again in a few minutes", and the next command works without a sign-in', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const token = entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId });
      tokens.hold(admin.teamsId, token);
      entra.failNext(100, 'drop');
      let before = connector.calls.length;
      try {
        expect((await say(admin, 'close account')).status).toBe(200);
      } finally {
        entra.failNext(0, 'drop');
      }
      // MSAL's retries take seconds, so Teams was shown typing meanwhile; then one message.
      const sent = sentTo(admin, before).filter((a) => (a as { type?: string }).type === 'message');
      expect(sent).toHaveLength(1);
      expect(oauthCardOf(sent[0])).toBeUndefined();
      expect(cardText(firstCard(sent[0]))).toContain("Microsoft's sign-in service (Microsoft Entra ID) did not answer. You are still signed in and nothing was changed.");
      expect(graphCallsFor(tenant.tenantId)).toEqual([]);
      // An outage is no reason to sign in again: the token service still holds the admin's token.
      expect(tokens.tokenOf(admin.teamsId)).toBe(token);
      before = connector.calls.length;
      expect((await say(admin, 'close account')).status).toBe(200);
      expect(cardText(firstCard(sentTo(admin, before)[0]))).toContain('Before you begin');
    });

    it('a turn whose token names another user than the activity: the sign-in message, no Graph call as anyone, and the token service signs that token out', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      tokens.hold(admin.teamsId, entra.userToken({ tenantId: tenant.tenantId, objectId: randomUUID() }));
      const oboBefore = entra.oboRequests().length;
      const before = connector.calls.length;
      expect((await say(admin, 'close account')).status).toBe(200);
      const sent = sentTo(admin, before);
      expect(sent).toHaveLength(1);
      expect(cardText(firstCard(sent[0]))).toContain('I need your permission to act on your behalf. Sign in and try again.');
      expect(entra.oboRequests()).toHaveLength(oboBefore);
      expect(graphCallsFor(tenant.tenantId)).toEqual([]);
      expect(tokens.tokenOf(admin.teamsId)).toBeUndefined();
    });

    it('an assertion Entra finds expired (AADSTS500133) gives the sign-in message, not a stack trace, and signs the admin out so the next command asks afresh', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      tokens.hold(admin.teamsId, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }, { exp: Math.floor(Date.now() / 1000) - 600 }));
      const oboBefore = entra.oboRequests().length;
      let before = connector.calls.length;
      expect((await say(admin, 'close account')).status).toBe(200);
      expect(entra.oboRequests().length).toBeGreaterThan(oboBefore);
      const sent = sentTo(admin, before);
      expect(sent).toHaveLength(1);
      expect(oauthCardOf(sent[0])).toBeUndefined();
      expect(cardText(firstCard(sent[0]))).toContain('I need your permission to act on your behalf. Sign in and try again.');
      expect(graphCallsFor(tenant.tenantId)).toEqual([]);
      // The token service would hand the refused token over again and again: it no longer holds it.
      expect(tokens.tokenOf(admin.teamsId)).toBeUndefined();
      const resource = await startSignIn(admin);
      before = connector.calls.length;
      expect((await tokenExchange(admin, resource.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }))).status).toBe(200);
      expect(cardText(firstCard(sentTo(admin, before)[0]))).toContain('Before you begin');
    });
  });

  describe('several instances, one state store', () => {
    it("with two instances, Teams' exchange reaching the one that did not send the card runs the command: the admin sees the overview without typing again", async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const shared = new MemoryStateStore();
      const [first, second] = [await startInstance(shared), await startInstance(shared)];
      try {
        const resource = await startSignIn(admin, 'close account', first);
        expect(await teamsAiStateOf(shared, admin)).toHaveLength(1);
        const before = connector.calls.length;
        const response = await tokenExchange(admin, resource.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }), second);
        expect(response).toEqual({ ...TOKEN_EXCHANGE_OK, body: { id: resource.id, connectionName: CONNECTION, failureDetail: null } });
        const sent = sentTo(admin, before);
        expect(sent).toHaveLength(1);
        expect(cardText(firstCard(sent[0]))).toContain('Before you begin');
        expect(graphCallsFor(tenant.tenantId).length).toBeGreaterThan(0);
        // The sign-in is over: its state is gone from the shared store.
        expect(await teamsAiStateOf(shared, admin)).toEqual([]);
      } finally {
        await first.stop();
        await second.stop();
      }
    });

    it('a sign-in pending when its instance restarts completes on the new one (file store)', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const dir = await mkdtemp(join(tmpdir(), 'teams-sso-restart-'));
      tempDirs.push(dir);
      const before = await startInstance(new FileStateStore({ dir }));
      const resource = await startSignIn(admin, 'close account', before);
      await before.stop();
      const after = await startInstance(new FileStateStore({ dir }));
      try {
        const since = connector.calls.length;
        const response = await tokenExchange(admin, resource.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }), after);
        expect(response.status).toBe(200);
        const sent = sentTo(admin, since);
        expect(sent).toHaveLength(1);
        expect(cardText(firstCard(sent[0]))).toContain('Before you begin');
      } finally {
        await after.stop();
      }
    });

    it('two turns of one chat saving the pending sign-in at once: the first write stands, the second turn still answered, a warning and no error', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const shared = new MemoryStateStore();
      const [first, second] = [await startInstance(shared), await startInstance(shared)];
      const secondStore = stores.at(-1)!;
      try {
        await startSignIn(admin, 'close account', first);
        const [pending] = await teamsAiStateOf(shared, admin);
        // While the second instance handles "status" (which replaces the pending sign-in with its own),
        // the first one rewrites the chat's state just before the second saves it.
        secondStore.beforePut = async (key, condition) => {
          if (!key.startsWith('teams-ai/') || !condition || !('ifMatch' in condition)) return;
          secondStore.beforePut = undefined;
          const current = await shared.get(key);
          await shared.put(key, current!.value);
        };
        const warnings = logs.length;
        const before = connector.calls.length;
        const response = await say(admin, 'status', { to: second });
        expect(response.status).toBe(200);
        expect(secondStore.beforePut).toBeUndefined(); // the conflict did happen
        // The admin got the second turn's sign-in card; the stored sign-in is the first instance's.
        expect(oauthCardOf(sentTo(admin, before)[0])).toBeDefined();
        expect(await teamsAiStateOf(shared, admin)).toEqual([pending]);
        expect(logs.slice(warnings)).toEqual([expect.objectContaining({ level: 40, msg: expect.stringMatching(/another turn/) })]);
      } finally {
        await first.stop();
        await second.stop();
      }
    });

    it('the same exchange reaching two instances at once (two Teams clients) runs the command once', async () => {
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const shared = new MemoryStateStore();
      const [first, second] = [await startInstance(shared), await startInstance(shared)];
      try {
        const resource = await startSignIn(admin, 'close account', first);
        const sso = entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId });
        const before = connector.calls.length;
        const exchanges = tokens.callsTo('/api/usertoken/exchange').length;
        const responses = await Promise.all([tokenExchange(admin, resource.id, sso, first), tokenExchange(admin, resource.id, sso, second)]);
        expect(responses.map((r) => r.status)).toEqual([200, 200]);
        // Both exchanged Teams' token; only one claimed the exchange in the shared store and went on,
        // the other answered 200 with nothing (botbuilder's TeamsSSOTokenExchangeMiddleware).
        expect(tokens.callsTo('/api/usertoken/exchange').length - exchanges).toBeGreaterThanOrEqual(2);
        expect(responses.filter((r) => r.body === undefined)).toHaveLength(1);
        expect(responses.filter((r) => r.body !== undefined)).toEqual([{ ...TOKEN_EXCHANGE_OK, body: { id: resource.id, connectionName: CONNECTION, failureDetail: null } }]);
        const sent = sentTo(admin, before);
        expect(sent).toHaveLength(1);
        expect(cardText(firstCard(sent[0]))).toContain('Before you begin');
      } finally {
        await first.stop();
        await second.stop();
      }
    });
  });

  it('a command in a group chat is refused without a sign-in card (the bot acts only in personal chats)', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const admin = adminOf(tenant);
    const tokenCalls = tokens.calls.length;
    const before = connector.calls.length;
    const response = await say(admin, 'close account', { conversationType: 'groupChat' });
    expect(response.status).toBe(200);
    const sent = sentTo(admin, before);
    expect(sent).toHaveLength(1);
    expect(oauthCardOf(sent[0])).toBeUndefined();
    expect(cardText(firstCard(sent[0]))).toMatch(/personal|1:1|chat/i);
    expect(tokens.calls.length).toBe(tokenCalls);
  });

  describe('what reaches the store', () => {
    it('no token (Teams SSO, exchanged, Graph) and no bot secret is ever written to a state store, through every sign-in of this file and a stray exchange', async () => {
      // One more full sign-in, then an exchange Teams might still send once it is over (another client,
      // another id): Teams AI handles that one with no sign-in pending, the case where it would store
      // the turn's context, SSO token included.
      const tenant = sim.addTenant('small', { tenantId: randomUUID() });
      const admin = adminOf(tenant);
      const resource = await startSignIn(admin);
      expect((await tokenExchange(admin, resource.id, entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId }))).status).toBe(200);
      const stray = entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId, name: 'Stray exchange' });
      expect((await tokenExchange(admin, randomUUID(), stray)).status).toBeLessThan(500);
      expect(tokens.callsTo('/api/usertoken/exchange').at(-1)?.body?.token).toBe(stray);

      const ssoTokens = new Set(tokens.callsTo('/api/usertoken/exchange').map((c) => String(c.body?.token)));
      const exchanged = new Set(tokens.issued);
      const graphTokens = new Set(graph.requests.map((r) => r.authorization?.replace(/^Bearer /, '')).filter((t): t is string => !!t));
      const secrets = [...ssoTokens, ...exchanged, ...graphTokens, identity.password];
      expect(ssoTokens.size).toBeGreaterThanOrEqual(2);
      expect(exchanged.size).toBeGreaterThanOrEqual(2);
      expect(graphTokens.size).toBeGreaterThanOrEqual(1);

      const written = stores.flatMap((s) => s.writes);
      // Not vacuous: the pending sign-ins went through these stores.
      expect(written.filter((w) => w.key.startsWith('teams-ai/') && w.json.includes(':DialogState__')).length).toBeGreaterThanOrEqual(2);
      for (const write of written) {
        for (const secret of secrets) {
          if (write.json.includes(secret)) throw new Error(`${write.key} holds a secret (${secret.slice(0, 12)}…): ${write.json.slice(0, 300)}`);
        }
      }
      // What is left of Teams AI's state now: no sign-in pending anywhere, only claims and emptied dialogs.
      for (const key of await bot.store.list('teams-ai/')) expect(JSON.stringify((await bot.store.get(key))?.value)).not.toContain('OAuthPrompt');
    });
  });
});
