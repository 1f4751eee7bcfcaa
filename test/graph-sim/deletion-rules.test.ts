import { DEMO_TENANT, GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { graphError, simClient } from '../support/sim-client';

/** graph-api.md §3.2–3.4: soft delete, 404 on repeat, restore within 30 days, and the refusals. */
describe('graph-sim: deleting users', () => {
  let sim: GraphSimulator;
  const T = DEMO_TENANT.tenantId;
  beforeEach(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo', 'synced'], syncDisableDelayMs: 3_600_000 });
  });
  afterEach(() => sim.close());

  const mario = () => simClient(sim, T, DEMO_TENANT.adminId);
  const francesca = '00000000-0000-0000-0000-000000000023';

  it('soft-deletes with 204, answers 404 Request_ResourceNotFound the second time, and counts one delete', async () => {
    await mario().api(`/users/${francesca}`).delete();
    const error = await graphError(mario().api(`/users/${francesca}`).delete());
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('Request_ResourceNotFound');
    const state = sim.inspect(T);
    expect(state.deleteCalls).toEqual({ [francesca]: 1 });
    expect(state.users.map((u) => u.id)).not.toContain(francesca);
    expect(state.softDeletedUsers.map((u) => u.id)).toContain(francesca);
  });

  it('lists, restores within 30 days, and purges after 30 days', async () => {
    await mario().api(`/users/${francesca}`).delete();
    const deleted = await mario().api('/directory/deletedItems/microsoft.graph.user').select('id,displayName,deletedDateTime').get();
    expect(deleted.value).toContainEqual(expect.objectContaining({ id: francesca, deletedDateTime: expect.any(String) }));
    expect((await graphError(mario().api('/directory/deletedItems').get())).statusCode).toBe(400);
    sim.admin(T).advanceDays(29);
    await mario().api(`/directory/deletedItems/${francesca}/restore`).post({});
    expect(sim.inspect(T).users.map((u) => u.id)).toContain(francesca);
    await mario().api(`/users/${francesca}`).delete();
    sim.admin(T).advanceDays(31);
    expect((await graphError(mario().api(`/directory/deletedItems/${francesca}/restore`).post({}))).statusCode).toBe(404);
    expect(sim.inspect(T).softDeletedUsers).toHaveLength(0);
  });

  it('purges a soft-deleted user permanently with 204', async () => {
    await mario().api(`/users/${francesca}`).delete();
    await mario().api(`/directory/deletedItems/${francesca}`).delete();
    expect((await graphError(mario().api(`/directory/deletedItems/${francesca}`).get())).statusCode).toBe(404);
    expect(sim.inspect(T).purgeCalls).toEqual({ [francesca]: 1 });
  });

  it("refuses the caller's own account and records the violation", async () => {
    const error = await graphError(mario().api(`/users/${DEMO_TENANT.adminId}`).delete());
    expect(error.statusCode).toBe(400);
    expect(sim.inspect(T).violations).toEqual([expect.objectContaining({ kind: 'delete-self', callerId: DEMO_TENANT.adminId, targetId: DEMO_TENANT.adminId, refused: true })]);
    expect(sim.inspect(T).users.map((u) => u.id)).toContain(DEMO_TENANT.adminId);
  });

  it('refuses deleting the last Global Administrator', async () => {
    sim.admin(T).demote(DEMO_TENANT.secondAdminId);
    sim.admin(T).setUserRoles(DEMO_TENANT.nonAdminId, ['privilegedAuthenticationAdministrator']);
    const error = await graphError(simClient(sim, T, DEMO_TENANT.nonAdminId).api(`/users/${DEMO_TENANT.adminId}`).delete());
    expect(error.statusCode).toBe(400);
    expect(sim.inspect(T).violations.map((v) => v.kind)).toEqual(['delete-last-global-admin']);
  });

  it('answers 403 once the caller is demoted mid-closure, and to app-only tokens deleting an admin', async () => {
    await mario().api(`/users/${francesca}`).delete();
    sim.admin(T).demote(DEMO_TENANT.adminId);
    const error = await graphError(mario().api('/users/00000000-0000-0000-0000-000000000024').delete());
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe('Authorization_RequestDenied');
    const appOnly = await graphError(simClient(sim, T).api(`/users/${DEMO_TENANT.secondAdminId}`).delete());
    expect(appOnly.statusCode).toBe(403);
    expect(sim.inspect(T).violations.map((v) => v.kind)).toEqual(['delete-without-role', 'app-only-delete-privileged-admin']);
  });

  it('refuses synced users while sync is on or deactivating, then allows them once deactivation completes', async () => {
    const synced = sim.tenants().find((t) => t.scenario === 'synced')!;
    const client = simClient(sim, synced.tenantId, synced.adminId);
    const users = await client.api('/users').select('id,onPremisesSyncEnabled').top(999).get();
    const target = users.value.find((u: { onPremisesSyncEnabled: boolean | null }) => u.onPremisesSyncEnabled === true).id;
    const refused = await graphError(client.api(`/users/${target}`).delete());
    expect(refused.statusCode).toBe(400);
    expect(refused.code).toBe('Request_BadRequest');
    expect(refused.message).toContain('on-premises mastered Directory Sync objects');

    await client.api(`/organization/${synced.tenantId}`).patch({ onPremisesSyncEnabled: false });
    const org = await client.api('/organization').select('id,onPremisesSyncEnabled').get();
    expect(org.value[0].onPremisesSyncEnabled).toBe(true);
    expect((await graphError(client.api(`/users/${target}`).delete())).statusCode).toBe(400);
    expect((await graphError(client.api(`/organization/${synced.tenantId}`).patch({ onPremisesSyncEnabled: true }))).statusCode).toBe(400);

    sim.admin(synced.tenantId).advanceHours(72);
    const after = await client.api('/organization').select('id,onPremisesSyncEnabled').get();
    expect(after.value[0].onPremisesSyncEnabled).toBe(false);
    await client.api(`/users/${target}`).delete();
    const violations = sim.inspect(synced.tenantId).violations;
    expect(violations.map((v) => v.kind)).toEqual(['write-synced-object-while-sync-on', 'write-synced-object-while-sync-on']);
  });

  it('completes a sync deactivation on demand from the admin center', async () => {
    const synced = sim.tenants().find((t) => t.scenario === 'synced')!;
    await simClient(sim, synced.tenantId, synced.adminId).api(`/organization/${synced.tenantId}`).patch({ onPremisesSyncEnabled: false });
    expect(sim.inspect(synced.tenantId).organization).toEqual({ syncEnabled: true, syncDisablePending: true });
    sim.admin(synced.tenantId).completeSyncDisable();
    expect(sim.inspect(synced.tenantId).organization).toEqual({ syncEnabled: false, syncDisablePending: false });
    expect(sim.inspect(synced.tenantId).users.every((u) => u.onPremisesSyncEnabled !== true)).toBe(true);
  });

  it('deletes by userPrincipalName too', async () => {
    const upn = sim.inspect(T).users.find((u) => u.id === francesca)!.userPrincipalName;
    await mario()
      .api(`/users/${encodeURIComponent(upn)}`)
      .delete();
    expect(sim.inspect(T).deleteCalls[francesca]).toBe(1);
  });
});
