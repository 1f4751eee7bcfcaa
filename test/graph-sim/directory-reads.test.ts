import { DEMO_TENANT, GLOBAL_ADMIN_TEMPLATE_ID, GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { graphError, tokenClient, simClient } from '../support/sim-client';

/** Pre-flight reads of graph-api.md §2: organization, /me, roles, and authentication. */
describe('graph-sim: organization, /me, roles, auth', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo'] });
  });
  afterAll(() => sim.close());

  const admin = () => simClient(sim, DEMO_TENANT.tenantId, DEMO_TENANT.adminId);

  it('answers /organization as a collection of one with the initial domain', async () => {
    const page = await admin().api('/organization').select('id,displayName,verifiedDomains,onPremisesSyncEnabled').get();
    expect(page.value).toHaveLength(1);
    const org = page.value[0];
    expect(org).toMatchObject({ id: DEMO_TENANT.tenantId, displayName: 'Contoso Italia', onPremisesSyncEnabled: null });
    expect(org.verifiedDomains).toContainEqual(expect.objectContaining({ name: DEMO_TENANT.initialDomain, isInitial: true }));
  });

  it('answers /me for a delegated token, and 400 for an app-only one', async () => {
    const me = await admin().api('/me').select('id,displayName,userPrincipalName').get();
    expect(me).toMatchObject({ id: DEMO_TENANT.adminId, displayName: 'Mario Rossi', userPrincipalName: DEMO_TENANT.adminUpn });
    const error = await graphError(simClient(sim, DEMO_TENANT.tenantId).api('/me').get());
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('/me request is only valid with delegated authentication flow');
  });

  it('lists Global Administrator through memberOf and transitiveMemberOf casts, /me and /users forms', async () => {
    for (const path of ['/me/memberOf/microsoft.graph.directoryRole', `/users/${DEMO_TENANT.secondAdminId}/transitiveMemberOf/microsoft.graph.directoryRole`]) {
      const page = await admin().api(path).header('ConsistencyLevel', 'eventual').query({ $count: 'true' }).select('id,displayName,roleTemplateId').get();
      expect(page.value).toContainEqual(expect.objectContaining({ roleTemplateId: GLOBAL_ADMIN_TEMPLATE_ID, '@odata.type': '#microsoft.graph.directoryRole' }));
    }
    const giulia = await simClient(sim, DEMO_TENANT.tenantId, DEMO_TENANT.nonAdminId).api('/me/transitiveMemberOf/microsoft.graph.directoryRole').header('ConsistencyLevel', 'eventual').query({ $count: 'true' }).get();
    expect(giulia.value).toEqual([]);
  });

  it('lists the Global Administrator role with its members, also by template id', async () => {
    const members = await admin().api(`/directoryRoles(roleTemplateId='${GLOBAL_ADMIN_TEMPLATE_ID}')/members`).select('id').get();
    expect(members.value.map((m: { id: string }) => m.id).sort()).toEqual([DEMO_TENANT.secondAdminId, DEMO_TENANT.adminId].sort());
    const roles = await admin().api('/directoryRoles').get();
    expect(roles.value).toContainEqual(expect.objectContaining({ displayName: 'Global Administrator', roleTemplateId: GLOBAL_ADMIN_TEMPLATE_ID }));
  });

  it('reads a user by id and by userPrincipalName, and 404s an unknown one in Graph error shape', async () => {
    const byUpn = await admin()
      .api(`/users/${encodeURIComponent(DEMO_TENANT.adminUpn)}`)
      .get();
    expect(byUpn.id).toBe(DEMO_TENANT.adminId);
    const error = await graphError(admin().api('/users/00000000-0000-0000-0000-00000000dead').get());
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('Request_ResourceNotFound');
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.date).toBeInstanceOf(Date);
  });

  it('reads subscriptions with status and lifecycle, and subscribedSkus with capabilityStatus', async () => {
    const subs = await admin().api('/directory/subscriptions').get();
    expect(subs.value).toHaveLength(3);
    expect(subs.value[0]).toEqual(expect.objectContaining({ status: 'Enabled', isTrial: expect.any(Boolean), nextLifecycleDateTime: expect.any(String), skuPartNumber: expect.any(String) }));
    const skus = await admin().api('/subscribedSkus').get();
    expect(skus.value.map((s: { capabilityStatus: string }) => s.capabilityStatus)).toEqual(['Enabled', 'Enabled', 'Enabled']);
    expect(skus.value[0].prepaidUnits).toEqual(expect.objectContaining({ enabled: expect.any(Number), suspended: 0, warning: 0, lockedOut: 0 }));
  });

  it('refuses missing, garbled, foreign-tenant and unknown-user tokens with 401 InvalidAuthenticationToken', async () => {
    const tokens = ['', 'not-a-token', 'sim.99999999-8888-7777-6666-555555555555', `sim.${DEMO_TENANT.tenantId}.99999999-8888-7777-6666-555555555555`];
    for (const token of tokens) {
      const error = await graphError(tokenClient(sim, token).api('/organization').get());
      expect(error.statusCode).toBe(401);
      expect(error.code).toBe('InvalidAuthenticationToken');
    }
    const response = await fetch(`${sim.url}/v1.0/users`);
    expect(response.status).toBe(401);
    expect((await response.json()).error).toEqual(expect.objectContaining({ code: 'InvalidAuthenticationToken', innerError: expect.objectContaining({ 'request-id': expect.any(String), date: expect.any(String) }) }));
  });

  it('accepts exactly the tokens tokenFor hands out', () => {
    expect(sim.tokenFor(DEMO_TENANT.tenantId)).toBe(`sim.${DEMO_TENANT.tenantId}`);
    expect(sim.tokenFor(DEMO_TENANT.tenantId, DEMO_TENANT.adminId)).toBe(`sim.${DEMO_TENANT.tenantId}.${DEMO_TENANT.adminId}`);
    expect(sim.tenants()).toEqual([expect.objectContaining({ tenantId: DEMO_TENANT.tenantId, scenario: 'demo', adminId: DEMO_TENANT.adminId, initialDomain: DEMO_TENANT.initialDomain })]);
  });
});
