import { BearerRecorder } from '../support/bearer-recorder';
import { loadConfig } from '../../src/config';
import { adminConsentUrl, createGraphAccess } from '../../src/graph/graph-access';
import { GraphFailure } from '../../src/ports';
import { isConsentMissing } from '../../src/graph/identity-errors';
import { failureOf } from '../support/failure-of';
import { LocalEntra } from '../support/local-entra';

const principal = { tenantId: '11111111-2222-3333-4444-555555555555', userId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };

/** A token with these claims and no valid signature (Entra would refuse it; here it never gets that far). */
const unsignedToken = (claims: Record<string, unknown>) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('Graph access per GRAPH_AUTH', () => {
  it('static: fills the token template for the tenant and the acting admin', async () => {
    const seen: string[] = [];
    const server = await import('node:http').then(({ createServer }) =>
      createServer((req, res) => {
        seen.push(req.headers.authorization ?? '');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"value":[]}');
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const access = createGraphAccess(loadConfig({ GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: `http://127.0.0.1:${port}` }));
    await access.client(principal).api('/organization').get();
    server.close();
    expect(seen).toEqual([`Bearer sim.${principal.tenantId}.${principal.userId}`]);
  });

  it("Resource Manager: static fills ARM_TOKEN's template, app has no admin token, static without ARM_TOKEN none", async () => {
    const staticAccess = createGraphAccess(loadConfig({ GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', ARM_TOKEN: 'arm.{tenantId}.{userId}' }));
    expect(await staticAccess.armToken(principal)).toBe(`arm.${principal.tenantId}.${principal.userId}`);
    expect(await createGraphAccess(loadConfig({ GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}' })).armToken(principal)).toBeUndefined();
    expect(await createGraphAccess(loadConfig({ GRAPH_AUTH: 'app', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' })).armToken(principal)).toBeUndefined();
    // sso without a sign-in: the same refusal as Graph's, which the Azure check reads as "cannot see".
    expect((await failureOf(createGraphAccess(loadConfig({ GRAPH_AUTH: 'sso' })).armToken(principal))).code).toBe('SignInRequired');
  });

  it('sso: without a Teams sign-in for this admin, asks for one instead of calling Graph', async () => {
    const access = createGraphAccess(loadConfig({ GRAPH_AUTH: 'sso' }));
    const failure = await failureOf(access.client(principal).api('/me').get());
    expect(failure.code).toBe('SignInRequired');
    expect(failure.message).toMatch(/No Teams sign-in/);
  });

  it('sso: after a sign-in, exchanges the token on-behalf-of (here blocked, since nothing may leave the machine: an outage, not a refusal)', async () => {
    const access = createGraphAccess(loadConfig({ GRAPH_AUTH: 'sso', BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000000', BOT_TENANT_ID: principal.tenantId, BOT_PASSWORD: 'secret', SSO_CONNECTION_NAME: 'graph' }));
    access.rememberSignIn(principal, unsignedToken({ tid: principal.tenantId, oid: principal.userId }));
    const failure = await failureOf(access.client(principal).api('/me').get());
    expect(failure.code).toBe('IdentityUnavailable');
    expect(failure.message).toMatch(/On-behalf-of did not get an answer from Microsoft Entra ID/);
    const other = await failureOf(
      access
        .client({ ...principal, userId: 'someone-else' })
        .api('/me')
        .get(),
    );
    expect(other.message).toMatch(/No Teams sign-in/);
  });

  it.each([
    ['another user of the tenant', { tid: principal.tenantId, oid: 'ffffffff-0000-0000-0000-000000000000' }],
    ['the same user id in another tenant', { tid: '99999999-2222-3333-4444-555555555555', oid: principal.userId }],
    ['no tid or oid', { sub: 'x' }],
  ])("sso: a turn's token naming %s is refused (SignInRequired) and never used for this admin", async (_name, claims) => {
    const access = createGraphAccess(loadConfig({ GRAPH_AUTH: 'sso', BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000000', BOT_TENANT_ID: principal.tenantId, BOT_PASSWORD: 'secret', SSO_CONNECTION_NAME: 'graph' }));
    let refusal: unknown;
    try {
      access.rememberSignIn(principal, unsignedToken(claims));
    } catch (error) {
      refusal = error;
    }
    expect(GraphFailure.from(refusal)).toMatchObject({ code: 'SignInRequired', message: expect.stringMatching(/names another user or tenant/) });
    // Nothing was kept: the admin has no sign-in here.
    expect((await failureOf(access.client(principal).api('/me').get())).message).toMatch(/No Teams sign-in/);
  });

  it('sso: the claims are compared without regard to case (GUIDs)', () => {
    const access = createGraphAccess(loadConfig({ GRAPH_AUTH: 'sso', BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000000', BOT_TENANT_ID: principal.tenantId, BOT_PASSWORD: 'secret', SSO_CONNECTION_NAME: 'graph' }));
    expect(() => access.rememberSignIn(principal, unsignedToken({ tid: principal.tenantId.toUpperCase(), oid: principal.userId.toUpperCase() }))).not.toThrow();
  });

  describe('against a local Entra ID (the credential options tests use; production passes none)', () => {
    const bot = { BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000000', BOT_PASSWORD: 'bot-secret' };
    let entra: LocalEntra;
    const graph = new BearerRecorder();

    beforeAll(async () => {
      entra = await new LocalEntra({ clientId: bot.BOT_ID, clientSecret: bot.BOT_PASSWORD }).start();
      await graph.start();
    });

    afterAll(async () => {
      await entra.stop();
      await graph.stop();
    });

    beforeEach(() => {
      graph.bearers.length = 0;
      entra.requests.length = 0;
    });

    const local = () => ({ authorityHost: entra.origin, tlsOptions: { ca: entra.certificate!.cert }, disableInstanceDiscovery: true });

    it("sso: exchanges the remembered assertion on-behalf-of at the admin's tenant, once per assertion", async () => {
      const config = loadConfig({ GRAPH_AUTH: 'sso', ...bot, BOT_TENANT_ID: principal.tenantId, SSO_CONNECTION_NAME: 'graph', GRAPH_ENDPOINT: graph.url });
      const access = createGraphAccess(config, undefined, local());
      const assertion = entra.userToken({ tenantId: principal.tenantId, objectId: principal.userId });
      access.rememberSignIn(principal, assertion);
      await access.client(principal).api('/me').get();
      access.rememberSignIn(principal, assertion);
      await access.client(principal).api('/organization').get();
      expect(graph.bearers).toEqual([`Bearer sim.${principal.tenantId}.${principal.userId}`, `Bearer sim.${principal.tenantId}.${principal.userId}`]);
      expect(entra.tokenRequests()).toEqual([
        expect.objectContaining({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', requested_token_use: 'on_behalf_of', assertion, client_id: bot.BOT_ID, client_secret: bot.BOT_PASSWORD }),
      ]);
      expect(entra.requests.map((r) => r.path)).toEqual([`/${principal.tenantId}/v2.0/.well-known/openid-configuration`, `/${principal.tenantId}/oauth2/v2.0/token`]);
    });

    it('sso: an assertion Entra refuses is a sign-in to do again, with the AADSTS code, never a Graph call', async () => {
      const config = loadConfig({ GRAPH_AUTH: 'sso', ...bot, BOT_TENANT_ID: principal.tenantId, SSO_CONNECTION_NAME: 'graph', GRAPH_ENDPOINT: graph.url });
      const access = createGraphAccess(config, undefined, local());
      access.rememberSignIn(principal, entra.userToken({ tenantId: principal.tenantId, objectId: principal.userId }, { aud: 'api://botid-someone-else' }));
      const failure = await failureOf(access.client(principal).api('/me').get());
      expect(failure.code).toBe('SignInRequired');
      expect(failure.message).toMatch(/AADSTS500131/);
      expect(graph.bearers).toEqual([]);
    });

    it("app: client credentials at the customer tenant's authority", async () => {
      const config = loadConfig({ GRAPH_AUTH: 'app', GRAPH_CLIENT_ID: bot.BOT_ID, GRAPH_CLIENT_SECRET: bot.BOT_PASSWORD, GRAPH_ENDPOINT: graph.url });
      const access = createGraphAccess(config, undefined, local());
      await access.client(principal).api('/organization').get();
      expect(graph.bearers).toEqual([`Bearer sim.${principal.tenantId}`]);
      expect(entra.tokenRequests()).toEqual([expect.objectContaining({ grant_type: 'client_credentials', client_id: bot.BOT_ID, scope: expect.stringContaining(`${graph.url}/.default`) })]);
    });
  });
});

describe('what Entra ID says about consent', () => {
  it.each([
    ['AADSTS65001: The user or administrator has not consented to use the application', true],
    ['AADSTS650057: Invalid resource. The client has requested access to a resource which is not listed', true],
    ['AADSTS700016: Application with identifier was not found in the directory', true],
    ['AADSTS500133: Assertion is not within its valid time range', false],
    ['AADSTS650010: something else', false],
  ])('%s → consent missing: %s', (message, expected) => {
    expect(isConsentMissing(new Error(message))).toBe(expected);
  });

  it('survives the Graph SDK wrapping (only the error name is kept)', () => {
    const wrapped = { statusCode: -1, code: 'ConsentRequired', message: 'On-behalf-of refused: AADSTS65001' };
    const failure = GraphFailure.from(wrapped);
    expect(failure.code).toBe('ConsentRequired');
    expect(failure.transient).toBe(false);
  });

  it.each([
    ['public', 'https://login.microsoftonline.com', 'https://graph.microsoft.com', 'https://token.botframework.com/.auth/web/redirect'],
    ['usgov', 'https://login.microsoftonline.us', 'https://graph.microsoft.us', 'https://tokengcch.botframework.azure.us/.auth/web/redirect'],
    ['china', 'https://login.partner.microsoftonline.cn', 'https://microsoftgraph.chinacloudapi.cn', 'https://token.botframework.azure.cn/.auth/web/redirect'],
  ])('points the v2.0 admin-consent link of the %s cloud at the tenant, the app, every declared scope of its Graph (.default) and the token service redirect', (cloud, host, graph, redirect) => {
    const config = loadConfig({ CLOUD: cloud, GRAPH_AUTH: 'sso', GRAPH_CLIENT_ID: 'app-id', GRAPH_CLIENT_SECRET: 's', SSO_CONNECTION_NAME: 'graph-sso' });
    const url = new URL(adminConsentUrl(config, principal.tenantId)!);
    expect(`${url.origin}${url.pathname}`).toBe(`${host}/${principal.tenantId}/v2.0/adminconsent`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'app-id', scope: `${graph}/.default`, redirect_uri: redirect });
  });

  it('gives no consent link for static tokens', () => {
    expect(adminConsentUrl(loadConfig({ GRAPH_AUTH: 'static', GRAPH_TOKEN: 'x' }), principal.tenantId)).toBeUndefined();
  });
});
