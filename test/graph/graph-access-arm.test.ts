import { GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { ArmSubscriptions } from '../../src/azure';
import { loadConfig } from '../../src/config';
import { createGraphAccess } from '../../src/graph/graph-access';
import { failureOf } from '../support/failure-of';
import { LocalEntra } from '../support/local-entra';

/**
 * Step 5's Azure subscriptions under SSO: the admin's Teams sign-in exchanged on-behalf-of for Resource
 * Manager (`https://management.azure.com/user_impersonation`) at a local Entra ID, and the token that
 * comes back read by the simulated Resource Manager, which takes only its own audience and scope.
 */
describe("Resource Manager on-behalf-of the admin's sign-in (sso)", () => {
  const bot = { BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000000', BOT_PASSWORD: 'bot-secret' };
  let sim: GraphSimulator;
  let entra: LocalEntra;
  let tenantId: string;
  let adminId: string;

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo'] });
    ({ tenantId, adminId } = sim.tenants()[0]);
    entra = await new LocalEntra(
      { clientId: bot.BOT_ID, clientSecret: bot.BOT_PASSWORD },
      ({ tid, oid }) => sim.issueToken(tid, oid),
      ({ tid, oid }) => sim.issueArmToken(tid, oid),
    ).start();
  });

  afterAll(async () => {
    await entra.stop();
    await sim.close();
  });

  function signedIn() {
    const config = loadConfig({ GRAPH_AUTH: 'sso', ...bot, BOT_TENANT_ID: tenantId, SSO_CONNECTION_NAME: 'graph', GRAPH_ENDPOINT: sim.url });
    const access = createGraphAccess(config, undefined, { authorityHost: entra.origin, tlsOptions: { ca: entra.certificate!.cert }, disableInstanceDiscovery: true });
    access.rememberSignIn({ tenantId, userId: adminId }, entra.userToken({ tenantId, objectId: adminId }));
    return { config, access };
  }

  it("asks Entra for Resource Manager's user_impersonation, and Resource Manager reads the admin's subscriptions with that token", async () => {
    sim.azure(tenantId).setArmConsent(true);
    sim.azure(tenantId).addSubscription({ displayName: 'Production', roleHolders: [adminId] });
    const { config, access } = signedIn();
    entra.requests.length = 0;
    const reader = new ArmSubscriptions({ endpoint: `${sim.url}/arm`, token: (t, u) => access.armToken({ tenantId: t, userId: u }) });
    expect(await reader.read(tenantId, adminId)).toMatchObject({ read: true, count: 1, names: ['Production'] });
    const requests = entra.tokenRequests();
    expect(requests).toEqual([expect.objectContaining({ requested_token_use: 'on_behalf_of' })]);
    // MSAL adds the OpenID scopes; the one resource asked for is Resource Manager, never Graph.
    const scopes = requests[0].scope.split(' ');
    expect(scopes).toContain(`${config.cloudProfile.armEndpoint}/user_impersonation`);
    expect(scopes.filter((scope) => scope.startsWith('https://'))).toEqual([`${config.cloudProfile.armEndpoint}/user_impersonation`]);
  });

  it("a tenant that did not consent to Azure Service Management: Entra's AADSTS65001 is a missing consent, and the check cannot see", async () => {
    sim.azure(tenantId).setArmConsent(false);
    const { access } = signedIn();
    const failure = await failureOf(access.armToken({ tenantId, userId: adminId }));
    expect(failure.code).toBe('ConsentRequired');
    expect(failure.message).toMatch(/AADSTS65001/);
    const reader = new ArmSubscriptions({ endpoint: `${sim.url}/arm`, token: (t, u) => access.armToken({ tenantId: t, userId: u }) });
    expect(await reader.read(tenantId, adminId)).toMatchObject({ read: false, reason: 'noConsent' });
  });
});
