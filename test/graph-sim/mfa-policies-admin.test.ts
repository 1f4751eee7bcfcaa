import { DEMO_TENANT, GraphSimulator, MICROSOFT_FIRST_PARTY_TENANT, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { graphError, simClient } from '../support/sim-client';

const caPause = () => new Promise((resolve) => setTimeout(resolve, 1000));

/** graph-api.md §5 (MFA, policies), §6.1 (apps, service principals), §4.3 (subscription lifecycle). */
describe('graph-sim: MFA, policies, apps and the admin center', () => {
  let sim: GraphSimulator;
  let locked: TenantInfo;
  let blocked: TenantInfo;
  beforeEach(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo', 'locked-down', 'blocked'] });
    locked = sim.tenants().find((t) => t.scenario === 'locked-down')!;
    blocked = sim.tenants().find((t) => t.scenario === 'blocked')!;
  });
  afterEach(() => sim.close());

  it('serves per-user MFA state on beta only, and PATCHes it with 204', async () => {
    const beta = simClient(sim, locked.tenantId, locked.adminId, { version: 'beta' });
    const users = await simClient(sim, locked.tenantId, locked.adminId).api('/users').select('id').get();
    const other = users.value.find((u: { id: string }) => u.id !== locked.adminId).id;
    expect((await beta.api(`/users/${other}/authentication/requirements`).get()).perUserMfaState).toBe('enforced');
    await beta.api(`/users/${other}/authentication/requirements`).patch({ perUserMfaState: 'disabled' });
    expect((await beta.api(`/users/${other}/authentication/requirements`).get()).perUserMfaState).toBe('disabled');
    const v1 = await graphError(simClient(sim, locked.tenantId, locked.adminId).api(`/users/${other}/authentication/requirements`).get());
    expect(v1.statusCode).toBe(400);
    expect(v1.message).toContain("segment 'requirements'");
    expect((await graphError(beta.api(`/users/${other}/authentication/requirements`).patch({ perUserMfaState: 'off' }))).statusCode).toBe(400);
  });

  it('records a violation when the caller disables their own MFA (allowed, but never to be sent)', async () => {
    const beta = simClient(sim, locked.tenantId, locked.adminId, { version: 'beta' });
    await beta.api('/me/authentication/requirements').patch({ perUserMfaState: 'disabled' });
    expect(sim.inspect(locked.tenantId).violations).toEqual([expect.objectContaining({ kind: 'disable-own-mfa', refused: false })]);
  });

  it('reads and switches off security defaults and CA policies, and refuses non-admins', async () => {
    const client = simClient(sim, locked.tenantId, locked.adminId);
    expect((await client.api('/policies/identitySecurityDefaultsEnforcementPolicy').get()).isEnabled).toBe(true);
    await client.api('/policies/identitySecurityDefaultsEnforcementPolicy').patch({ isEnabled: false });
    expect(sim.inspect(locked.tenantId).securityDefaultsEnabled).toBe(false);
    const policies = await client.api('/identity/conditionalAccess/policies').get();
    const mfa = policies.value.filter((p: { state: string; grantControls: { builtInControls: string[] } }) => p.state === 'enabled' && p.grantControls.builtInControls.includes('mfa'));
    expect(mfa).toHaveLength(2);
    // Conditional Access allows 1 request per second per tenant (throttling-limits).
    await caPause();
    await client.api(`/identity/conditionalAccess/policies/${mfa[0].id}`).patch({ state: 'disabled' });
    await caPause();
    expect((await client.api(`/identity/conditionalAccess/policies/${mfa[0].id}`).get()).state).toBe('disabled');
    const giulia = simClient(sim, DEMO_TENANT.tenantId, DEMO_TENANT.nonAdminId);
    expect((await graphError(giulia.api('/policies/identitySecurityDefaultsEnforcementPolicy').patch({ isEnabled: false }))).statusCode).toBe(403);
  });

  it('lists and deletes app registrations and tenant-owned service principals', async () => {
    const client = simClient(sim, blocked.tenantId, blocked.adminId);
    const apps = await client.api('/applications').select('id,appId,displayName').top(999).get();
    expect(apps.value).toHaveLength(3);
    const sps = await client.api('/servicePrincipals').select('id,displayName,appOwnerOrganizationId').get();
    const owned = sps.value.filter((sp: { appOwnerOrganizationId: string }) => sp.appOwnerOrganizationId !== MICROSOFT_FIRST_PARTY_TENANT);
    expect(owned).toHaveLength(2);
    await client.api(`/applications/${apps.value[0].id}`).delete();
    await client.api(`/servicePrincipals/${owned[0].id}`).delete();
    expect((await graphError(client.api(`/applications/${apps.value[0].id}`).delete())).statusCode).toBe(404);
    expect(sim.inspect(blocked.tenantId).applications).toHaveLength(2);
    expect(sim.inspect(blocked.tenantId).servicePrincipals).toHaveLength(sps.value.length - 1);
  });

  it('shows the blocked tenant: soft-deleted users, a trial, one subscription in Warning', async () => {
    const client = simClient(sim, blocked.tenantId, blocked.adminId);
    const deleted = await client.api('/directory/deletedItems/microsoft.graph.user').get();
    expect(deleted.value).toHaveLength(3);
    const subs = await client.api('/directory/subscriptions').get();
    expect(subs.value.map((s: { status: string }) => s.status).sort()).toEqual(['Enabled', 'Enabled', 'Warning']);
    expect(subs.value.some((s: { isTrial: boolean }) => s.isTrial)).toBe(true);
  });

  it('moves subscriptions through the admin-center lifecycle: cancel → Suspended, delete → Deleted 72 h later', async () => {
    const client = simClient(sim, DEMO_TENANT.tenantId, DEMO_TENANT.adminId);
    const admin = sim.admin(DEMO_TENANT.tenantId);
    const status = async (sku: string) => {
      const subs = await client.api('/directory/subscriptions').get();
      return subs.value.find((s: { skuPartNumber: string }) => s.skuPartNumber === sku).status;
    };
    const capability = async (sku: string) => {
      const skus = await client.api('/subscribedSkus').get();
      return skus.value.find((s: { skuPartNumber: string }) => s.skuPartNumber === sku).capabilityStatus;
    };
    expect(() => admin.deleteSubscription('SPB')).toThrow();
    admin.cancelSubscription('SPB');
    expect(await status('SPB')).toBe('Suspended');
    expect(await capability('SPB')).toBe('Suspended');
    admin.deleteSubscription('SPB');
    admin.advanceHours(71);
    expect(await status('SPB')).toBe('Suspended');
    admin.advanceHours(1);
    expect(await status('SPB')).toBe('Deleted');
    // The untouched trial expires: Enabled → Warning (30 d grace) → Suspended (30 d) → Deleted.
    admin.advanceDays(21);
    expect(await status('POWER_BI_PRO')).toBe('Warning');
    admin.advanceDays(30);
    expect(await status('POWER_BI_PRO')).toBe('Suspended');
    admin.advanceDays(30);
    expect(await status('POWER_BI_PRO')).toBe('Deleted');
    expect(await status('EXCHANGESTANDARD')).toBe('Enabled');
  });

  it('adds users and sets roles from the admin center', async () => {
    const admin = sim.admin(DEMO_TENANT.tenantId);
    const added = admin.addUser({ displayName: 'Nuovo Utente', roles: ['globalAdministrator'] });
    expect(sim.inspect(DEMO_TENANT.tenantId).globalAdminIds).toContain(added.id);
    const me = await simClient(sim, DEMO_TENANT.tenantId, added.id).api('/me/memberOf/microsoft.graph.directoryRole').header('ConsistencyLevel', 'eventual').query({ $count: 'true' }).get();
    expect(me.value.map((r: { displayName: string }) => r.displayName)).toEqual(['Global Administrator']);
  });
});
