import { DEMO_TENANT, GraphSimulator, SCENARIOS, ScenarioSpec, startGraphSimulator } from '../../graph-sim';
import { declaredGraphScopes } from '../../graph-reference/declared-scopes';
import { graphError, simClient, tokenClient } from '../support/sim-client';

const GA_GROUP_SPEC: ScenarioSpec = {
  ...SCENARIOS.small,
  name: 'role-groups',
  displayName: 'Litware Roles',
  initialDomain: 'litwareroles.onmicrosoft.com',
  generatedUsers: undefined,
  users: [
    { displayName: 'Gina Group', upnLocal: 'gina', groups: ['Tenant Admins', 'Everyone Else'] },
    { displayName: 'Ezra Eligible', upnLocal: 'ezra', eligibleRoles: ['globalAdministrator'] },
  ],
  groups: [
    { displayName: 'Tenant Admins', isAssignableToRole: true, roles: ['globalAdministrator'] },
    { displayName: 'Everyone Else', isAssignableToRole: false },
  ],
};

const ADVANCED = { ConsistencyLevel: 'eventual' };
const GA_TEMPLATE = '62e90394-69f5-4237-9190-012177145e10';

/**
 * The simulator is as strict as Graph on permissions and query shapes (graph-sim/README.md):
 * granted scopes from the token, Microsoft's permission data for what a request needs, limited
 * information, advanced queries, the Conditional Access limit, and role-assignable groups / PIM.
 */
describe('graph-sim: permissions and query rules as strict as Graph', () => {
  let sim: GraphSimulator;
  let groupsTenant: string;
  let user: (upn: string) => string;
  beforeEach(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo', 'no-consent', GA_GROUP_SPEC] });
    groupsTenant = sim.tenants().find((t) => t.scenario === 'role-groups')!.tenantId;
    const users = sim.inspect(groupsTenant).users;
    user = (upn) => users.find((u) => u.userPrincipalName.startsWith(`${upn}@`))!.id;
  });
  afterEach(() => sim.close());

  const demoAdmin = () => simClient(sim, DEMO_TENANT.tenantId, DEMO_TENANT.adminId);
  const withConsent = (scopes: string[] | null) => sim.admin(DEMO_TENANT.tenantId).setAdminConsent(scopes);

  it('grants a tenant exactly the scopes aad.manifest.json declares, and puts them in the JWT scp', async () => {
    const token = sim.issueToken(DEMO_TENANT.tenantId, DEMO_TENANT.adminId);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims.scp.split(' ').sort()).toEqual([...declaredGraphScopes()].sort());
    expect(claims).toMatchObject({ tid: DEMO_TENANT.tenantId, oid: DEMO_TENANT.adminId, aud: 'https://graph.microsoft.com' });
    expect((await tokenClient(sim, token).api('/me').select('id').get()).id).toBe(DEMO_TENANT.adminId);
  });

  it("refuses what the token's scopes do not allow with Graph's 403, and a JWT keeps its scp after consent changes", async () => {
    const token = sim.issueToken(DEMO_TENANT.tenantId, DEMO_TENANT.adminId);
    withConsent(['User.Read']);
    const error = await graphError(demoAdmin().api('/identity/conditionalAccess/policies').get());
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe('Authorization_RequestDenied');
    expect(error.message).toBe('Insufficient privileges to complete the operation.');
    expect((await demoAdmin().api('/me').get()).id).toBe(DEMO_TENANT.adminId);
    // The JWT was issued before: it still grants what it says, as Graph honours a token until it expires.
    expect((await tokenClient(sim, token).api('/identity/conditionalAccess/policies').get()).value).toEqual([]);
  });

  it('refuses a forged or expired JWT with 401', async () => {
    const token = sim.issueToken(DEMO_TENANT.tenantId, DEMO_TENANT.adminId);
    const [header, payload] = token.split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), scp: 'Directory.ReadWrite.All' })).toString('base64url');
    expect(
      (
        await graphError(
          tokenClient(sim, `${header}.${widened}.${token.split('.')[2]}`)
            .api('/me')
            .get(),
        )
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await graphError(
          tokenClient(sim, sim.issueToken(DEMO_TENANT.tenantId, DEMO_TENANT.adminId, -1))
            .api('/me')
            .get(),
        )
      ).statusCode,
    ).toBe(401);
  });

  it('a tenant without consent: no token from Entra (AADSTS65001), and static tokens are granted nothing', async () => {
    const tenant = sim.tenants().find((t) => t.scenario === 'no-consent')!;
    expect(() => sim.issueToken(tenant.tenantId, tenant.adminId)).toThrow(/AADSTS65001/);
    const error = await graphError(simClient(sim, tenant.tenantId, tenant.adminId).api('/organization').get());
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe('Authorization_RequestDenied');
  });

  it('returns unreadable membership objects with only id and @odata.type (limited information)', async () => {
    withConsent(['User.Read']);
    const page = await demoAdmin().api('/me/transitiveMemberOf').get();
    expect(page.value).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.directoryRole', id: expect.any(String), roleTemplateId: null, displayName: null })]);
    withConsent(['User.Read', 'RoleManagement.Read.Directory']);
    const readable = await demoAdmin().api('/me/transitiveMemberOf').get();
    expect(readable.value).toEqual([expect.objectContaining({ roleTemplateId: GA_TEMPLATE, displayName: 'Global Administrator' })]);
    expect(readable.value[0].id).toBe(page.value[0].id);
  });

  it('answers 400 Request_UnsupportedQuery where an advanced query is required', async () => {
    const cast = '/me/transitiveMemberOf/microsoft.graph.directoryRole';
    const noHeaders = await graphError(demoAdmin().api(cast).get());
    expect(noHeaders.statusCode).toBe(400);
    expect(noHeaders.code).toBe('Request_UnsupportedQuery');
    expect((await graphError(demoAdmin().api(cast).header('ConsistencyLevel', 'eventual').get())).code).toBe('Request_UnsupportedQuery');
    expect((await demoAdmin().api(cast).headers(ADVANCED).query({ $count: 'true' }).get())['@odata.count']).toBe(1);
    expect((await graphError(demoAdmin().api('/users').filter("userType ne 'Guest'").get())).code).toBe('Request_UnsupportedQuery');
    expect((await graphError(demoAdmin().api('/users').filter("endsWith(mail,'@contosoitalia.onmicrosoft.com')").get())).code).toBe('Request_UnsupportedQuery');
    expect((await graphError(demoAdmin().api('/users').search('"displayName:Mario"').get())).code).toBe('Request_UnsupportedQuery');
    expect((await graphError(demoAdmin().api('/users/$count').get())).code).toBe('Request_UnsupportedQuery');
  });

  it('limits Conditional Access to 1 request per second per tenant across all apps, with no Retry-After', async () => {
    const caSim = await startGraphSimulator({ scenarios: ['demo'], timeScale: 0.2 });
    try {
      const delegated = simClient(caSim, DEMO_TENANT.tenantId, DEMO_TENANT.adminId);
      const appOnly = simClient(caSim, DEMO_TENANT.tenantId);
      await delegated.api('/identity/conditionalAccess/policies').get();
      const throttled = await graphError(appOnly.api('/identity/conditionalAccess/policies').get());
      expect(throttled.statusCode).toBe(429);
      expect(throttled.headers?.get('Retry-After')).toBeNull();
      // Other requests of the tenant are not held back by it.
      expect((await delegated.api('/me').get()).id).toBe(DEMO_TENANT.adminId);
      await new Promise((resolve) => setTimeout(resolve, 250)); // 1 s × timeScale 0.2
      expect((await appOnly.api('/identity/conditionalAccess/policies').get()).value).toEqual([]);
    } finally {
      await caSim.close();
    }
  });

  it('deleting a holder of an admin role needs Directory.AccessAsUser.All in delegated mode', async () => {
    withConsent(declaredGraphScopes().filter((s) => s !== 'Directory.AccessAsUser.All'));
    const refused = await graphError(demoAdmin().api(`/users/${DEMO_TENANT.secondAdminId}`).delete());
    expect(refused.statusCode).toBe(403);
    expect(sim.inspect(DEMO_TENANT.tenantId).violations).toEqual([expect.objectContaining({ kind: 'delete-admin-without-access-as-user', refused: true })]);
    await demoAdmin().api(`/users/00000000-0000-0000-0000-000000000023`).delete();
    withConsent([...declaredGraphScopes()]);
    await demoAdmin().api(`/users/${DEMO_TENANT.secondAdminId}`).delete();
    expect(sim.inspect(DEMO_TENANT.tenantId).users.map((u) => u.id)).not.toContain(DEMO_TENANT.secondAdminId);
  });

  it('models role-assignable groups: memberOf lists the group, transitiveMemberOf the group and its role; PIM-eligible roles in neither', async () => {
    const gina = user('gina');
    const client = simClient(sim, groupsTenant, gina);
    sim.admin(groupsTenant).setAdminConsent([...declaredGraphScopes(), 'GroupMember.Read.All']);
    const direct = await client.api('/me/memberOf').select('id,displayName').get();
    expect(direct.value.map((o: { '@odata.type': string; displayName: string }) => [o['@odata.type'], o.displayName]).sort()).toEqual([
      ['#microsoft.graph.group', 'Everyone Else'],
      ['#microsoft.graph.group', 'Tenant Admins'],
    ]);
    const transitive = await client.api('/me/transitiveMemberOf').select('id,displayName').get();
    expect(transitive.value.map((o: { displayName: string }) => o.displayName).sort()).toEqual(['Everyone Else', 'Global Administrator', 'Tenant Admins']);
    const roles = await client.api('/me/transitiveMemberOf/microsoft.graph.directoryRole').headers(ADVANCED).query({ $count: 'true' }).select('id,roleTemplateId').get();
    expect(roles.value).toEqual([expect.objectContaining({ roleTemplateId: GA_TEMPLATE })]);
    expect(sim.inspect(groupsTenant).globalAdminIds).toContain(gina);
    // Without a group-reading scope the groups come back as bare ids.
    sim.admin(groupsTenant).setAdminConsent(declaredGraphScopes());
    const bare = await client.api('/me/memberOf').get();
    expect(bare.value.every((o: { '@odata.type': string; displayName: unknown }) => o['@odata.type'] === '#microsoft.graph.group' && o.displayName === null)).toBe(true);

    const ezra = user('ezra');
    const ezraRoles = await simClient(sim, groupsTenant, ezra).api('/me/transitiveMemberOf/microsoft.graph.directoryRole').headers(ADVANCED).query({ $count: 'true' }).get();
    expect(ezraRoles.value).toEqual([]);
    const eligible = await client.api('/roleManagement/directory/roleEligibilityScheduleInstances').filter(`principalId eq '${ezra}' and roleDefinitionId eq '${GA_TEMPLATE}'`).get();
    expect(eligible.value).toEqual([expect.objectContaining({ principalId: ezra, roleDefinitionId: GA_TEMPLATE })]);
    // A tenant without Entra ID P2 has no PIM.
    const noPim = await graphError(demoAdmin().api('/roleManagement/directory/roleEligibilityScheduleInstances').get());
    expect([noPim.statusCode, noPim.code]).toEqual([400, 'AadPremiumLicenseRequired']);
  });

  it('keeps app-only tokens working: they stand for the bot application permissions', async () => {
    const app = simClient(sim, DEMO_TENANT.tenantId);
    expect((await app.api('/users').select('id').get()).value.length).toBeGreaterThan(0);
    const roles = await app.api(`/users/${DEMO_TENANT.adminId}/transitiveMemberOf/microsoft.graph.directoryRole`).headers(ADVANCED).query({ $count: 'true' }).get();
    expect(roles.value).toEqual([expect.objectContaining({ roleTemplateId: GA_TEMPLATE })]);
  });
});
