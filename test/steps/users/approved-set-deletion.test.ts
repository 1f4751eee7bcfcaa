import { createHash } from 'node:crypto';
import { GraphSimulator } from '../../../graph-sim';
import { createGraphClient } from '../../../src/graph';
import { previewUsers } from '../../../src/steps/users/users.operations';
import { ApprovedSetMismatchError, ApprovedUserSets } from '../../../src/runner';
import { MemoryStateStore } from '../../../src/storage';
import { bulkTenant, deletionSim, jobFor, runJob } from '../../support/deletion-fixture';

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

  const ids = Array.from({ length: 1_200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const KEY = 'tenants/t1/approved-user-sets/s1.ids';

  async function rewrite(store: MemoryStateStore, key: string, text: string): Promise<void> {
    const writer = await store.objects.create(key);
    await writer.write(text);
    await writer.commit();
  }

  it('is one object beside the closure, not a document; a set that changed, was cut short or is missing is refused whole', async () => {
    const store = new MemoryStateStore();
    const sets = new ApprovedUserSets(store);
    const writer = await sets.writer('t1', 's1');
    await writer.add(ids.slice(0, 700));
    await writer.add(ids.slice(700).map((id) => id.toUpperCase()));
    const ref = await writer.commit();
    expect(ref).toMatchObject({ id: 's1', count: 1_200 });
    expect(await store.list('tenants/t1/')).toEqual([]);
    expect(await store.objects.list('tenants/t1/')).toEqual([KEY]);
    expect((await sets.load('t1', ref)).has(ids[900].toUpperCase())).toBe(true);

    await rewrite(store, KEY, [...ids.slice(1), 'ffffffff-0000-4000-8000-000000000000'].map((id) => `${id}\n`).join(''));
    await expect(sets.load('t1', ref)).rejects.toBeInstanceOf(ApprovedSetMismatchError);
    await rewrite(
      store,
      KEY,
      ids
        .slice(0, 1_199)
        .map((id) => `${id}\n`)
        .join(''),
    );
    await expect(sets.load('t1', ref)).rejects.toThrow(/not the one that was approved/);
    await rewrite(
      store,
      KEY,
      ids
        .map((id) => `${id}\n`)
        .join('')
        .slice(0, -1),
    );
    expect((await sets.load('t1', ref)).size).toBe(1_200);
    await store.objects.delete(KEY);
    await expect(sets.load('t1', ref)).rejects.toThrow(/not stored/);
  });

  it('a preview that failed half-way leaves no set', async () => {
    const store = new MemoryStateStore();
    const writer = await new ApprovedUserSets(store).writer('t1', 's1');
    await writer.add(ids.slice(0, 10));
    await writer.abort();
    expect(await store.objects.list('tenants/t1/')).toEqual([]);
  });

  it('a set stored as documents before sets became objects (a job paused across the upgrade) is still read, digest checked, and removed with the others', async () => {
    const store = new MemoryStateStore();
    const sets = new ApprovedUserSets(store);
    const digest = createHash('sha256')
      .update(ids.map((id) => `${id}\n`).join(''))
      .digest('hex');
    for (let part = 0; part < 3; part++) await store.put(`tenants/t1/approved-users/s1/${String(part).padStart(6, '0')}`, { setId: 's1', ids: ids.slice(part * 500, part * 500 + 500) });
    expect((await sets.load('t1', { id: 's1', digest, count: 1_200 })).size).toBe(1_200);
    await expect(sets.load('t1', { id: 's1', digest: 'f'.repeat(64), count: 1_200 })).rejects.toThrow(/not the one that was approved/);
    await store.delete('tenants/t1/approved-users/s1/000001');
    await expect(sets.load('t1', { id: 's1', digest, count: 1_200 })).rejects.toThrow(/missing part/);
    await sets.removeAll('t1');
    expect(await store.list('tenants/t1/')).toEqual([]);
  });

  it('100,000 users: the closure keeps 3 fields of it, and a new preview replaces the older sets', async () => {
    const store = new MemoryStateStore();
    const sets = new ApprovedUserSets(store);
    const writer = await sets.writer('t1', 'c.users.1');
    for (let page = 0; page < 100; page++) {
      await writer.add(Array.from({ length: 1_000 }, (_, i) => `${String(page).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`));
    }
    const ref = await writer.commit();
    expect(ref.count).toBe(100_000);
    expect(Buffer.byteLength(JSON.stringify(ref))).toBeLessThan(200);
    expect((await sets.load('t1', ref)).size).toBe(100_000);

    const next = await sets.writer('t1', 'c.users.2');
    await next.add(['00000000-0000-4000-8000-000000000001']);
    await next.commit();
    expect(await store.objects.list('tenants/t1/')).toEqual(['tenants/t1/approved-user-sets/c.users.2.ids']);
  });
});
