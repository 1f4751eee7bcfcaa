import { GraphSimulator } from '../../graph-sim';
import { createGraphClient } from '../../src/graph/graph-client.factory';
import { previewUsers } from '../../src/graph/operations/users.operations';
import { ApprovedSetMismatchError, ApprovedUserSets } from '../../src/runner/approved-user-set';
import { MemoryStateStore } from '../../src/storage/memory-state-store';
import { bulkTenant, deletionSim, jobFor, runJob } from './deletion-fixture';

/** The job deletes the users of the approved preview, and nobody the approval did not list. */
describe('approved set of users', () => {
  let sim: GraphSimulator;
  afterEach(() => sim?.close());

  it('a user created after the approval is not deleted: the job reports them as unapproved', async () => {
    sim = await deletionSim();
    const tenant = sim.addTenant(bulkTenant('approved', 120));
    const store = new MemoryStateStore();
    const sets = new ApprovedUserSets(store);
    const client = createGraphClient({ endpoint: sim.url, token: async () => sim.tokenFor(tenant.tenantId, tenant.adminId), maxRetries: 2 });

    const writer = await sets.writer(tenant.tenantId, 'closure-1.users.1');
    const preview = await previewUsers(client, tenant.adminId, (ids) => writer.add(ids));
    const ref = await writer.commit();
    expect(preview.toDelete).toBe(120);
    expect(ref.count).toBe(120);

    // After the approval, two more people join.
    const late = [sim.admin(tenant.tenantId).addUser({ displayName: 'Late Joiner' }), sim.admin(tenant.tenantId).addUser({ displayName: 'Later Joiner' })];

    const { result } = await runJob(jobFor(sim, tenant), tenant, { approved: await sets.load(tenant.tenantId, ref) });
    expect(result.outcome).toBe('completed');
    expect(result.progress).toMatchObject({ done: 120, failed: 0 });
    expect(result.unapproved).toBe(2);
    const inspection = sim.inspect(tenant.tenantId);
    expect(inspection.users.map((u) => u.id).sort()).toEqual([tenant.adminId, ...late.map((u) => u.id)].sort());
    for (const user of late) expect(inspection.deleteCalls[user.id]).toBeUndefined();
    expect(Object.values(inspection.deleteCalls).every((n) => n === 1)).toBe(true);
  });

  it('a set whose stored parts changed, or lost one, is refused whole: never a different or smaller set', async () => {
    const store = new MemoryStateStore();
    const sets = new ApprovedUserSets(store);
    const ids = Array.from({ length: 1_200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const writer = await sets.writer('t1', 's1');
    await writer.add(ids);
    const ref = await writer.commit();
    expect((await sets.load('t1', ref)).size).toBe(1_200);

    const keys = await store.list('tenants/t1/approved-users/s1/');
    expect(keys).toHaveLength(3);
    const part = await store.get<{ setId: string; ids: string[] }>(keys[1]);
    await store.put(keys[1], { ...part!.value, ids: [...part!.value.ids.slice(1), 'ffffffff-0000-4000-8000-000000000000'] });
    await expect(sets.load('t1', ref)).rejects.toBeInstanceOf(ApprovedSetMismatchError);

    await store.put(keys[1], part!.value);
    expect((await sets.load('t1', ref)).has(ids[700].toUpperCase())).toBe(true);
    await store.delete(keys[2]);
    await expect(sets.load('t1', ref)).rejects.toThrow(/not the one that was approved/);
    await store.delete(keys[1]);
    await store.put(keys[2], part!.value);
    await expect(sets.load('t1', ref)).rejects.toThrow(/missing part/);
    await expect(sets.load('t1', { ...ref, id: 's2' })).rejects.toThrow(/not stored/);
  });

  it('100,000 users: every stored part stays under 32 KB, and a new preview replaces the older sets', async () => {
    const store = new MemoryStateStore();
    const sets = new ApprovedUserSets(store);
    const writer = await sets.writer('t1', 'c.users.1');
    for (let page = 0; page < 100; page++) {
      await writer.add(Array.from({ length: 1_000 }, (_, i) => `${String(page).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`));
    }
    const ref = await writer.commit();
    expect(ref.count).toBe(100_000);
    const keys = await store.list('tenants/t1/approved-users/');
    let largest = 0;
    for (const key of keys) largest = Math.max(largest, Buffer.byteLength(JSON.stringify((await store.get(key))!.value)));
    expect(largest).toBeLessThan(32 * 1024);
    expect((await sets.load('t1', ref)).size).toBe(100_000);

    const next = await sets.writer('t1', 'c.users.2');
    await next.add(['00000000-0000-4000-8000-000000000001']);
    await next.commit();
    expect((await store.list('tenants/t1/approved-users/')).every((k) => k.startsWith('tenants/t1/approved-users/c.users.2/'))).toBe(true);
  });
});
