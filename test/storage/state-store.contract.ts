import type { StateStore } from '../../src/ports';
import { describeObjectStoreContract } from './object-store.contract';

/** One store under test, fresh for every test. */
export interface StateStoreHarness {
  store: StateStore;
  /** A lease ttl the store honours (short for memory and file; Azure clamps it to 15-60 s anyway). */
  leaseTtlMs: number;
  /** Makes the lease `name` expired right now: advance a fake clock, or break a blob lease. */
  expireLease(name: string): Promise<void>;
  dispose(): Promise<void>;
}

interface Counter {
  count: number;
}

/**
 * The behaviour every `StateStore` must show, run against memory, file and Azure Blob (in the style of
 * botbuilder's storageBaseTests): a store passes this suite or it is not a StateStore.
 */
export function describeStateStoreContract(name: string, makeHarness: () => Promise<StateStoreHarness>): void {
  describe(`${name} (StateStore contract)`, () => {
    let harness: StateStoreHarness;
    let store: StateStore;

    beforeEach(async () => {
      harness = await makeHarness();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.dispose();
    });

    it('is ready', async () => {
      await expect(store.ready()).resolves.toBeUndefined();
    });

    describeObjectStoreContract(() => store);

    describe('get and put', () => {
      it('answers undefined for a key never written', async () => {
        expect(await store.get('tenants/none/closure')).toBeUndefined();
      });

      it('round-trips a JSON document with its etag', async () => {
        const value = { step: 'deleteUsers', done: [1, 2, 3], nested: { ok: true, note: 'è già fatto', nothing: null } };
        const put = await store.put('tenants/t1/closure', value);
        expect(put).toEqual({ ok: true, etag: expect.any(String) });
        const got = await store.get<typeof value>('tenants/t1/closure');
        expect(got).toEqual({ value, etag: put.ok && put.etag });
      });

      it('hands out deep copies, so neither side can change stored state by mutation', async () => {
        const value = { list: [{ id: 'a' }] };
        await store.put('tenants/t1/closure', value);
        value.list[0].id = 'changed by the writer';
        const first = await store.get<typeof value>('tenants/t1/closure');
        first!.value.list[0].id = 'changed by a reader';
        const second = await store.get<typeof value>('tenants/t1/closure');
        expect(second!.value).toEqual({ list: [{ id: 'a' }] });
      });

      it('changes the etag on every write, even of the same value', async () => {
        const etags = new Set<string>();
        for (let i = 0; i < 3; i++) {
          const put = await store.put('k', { same: true });
          expect(put.ok).toBe(true);
          if (put.ok) etags.add(put.etag);
          expect((await store.get('k'))!.etag).toBe(put.ok && put.etag);
        }
        expect(etags.size).toBe(3);
      });

      it('writes with ifMatch only while the etag is current', async () => {
        const first = await store.put('k', { v: 1 });
        const second = await store.put('k', { v: 2 }, { ifMatch: first.ok ? first.etag : '' });
        expect(second.ok).toBe(true);
        expect(await store.put('k', { v: 3 }, { ifMatch: first.ok ? first.etag : '' })).toEqual({ ok: false, reason: 'conflict' });
        expect(await store.get('k')).toEqual({ value: { v: 2 }, etag: second.ok && second.etag });
      });

      it('refuses ifMatch on a key that does not exist', async () => {
        const put = await store.put('k', { v: 1 });
        await store.delete('k');
        expect(await store.put('k', { v: 2 }, { ifMatch: put.ok ? put.etag : '' })).toEqual({ ok: false, reason: 'conflict' });
        expect(await store.get('k')).toBeUndefined();
      });

      it("creates with ifNoneMatch '*' only if nothing is stored", async () => {
        expect((await store.put('k', { v: 1 }, { ifNoneMatch: '*' })).ok).toBe(true);
        expect(await store.put('k', { v: 2 }, { ifNoneMatch: '*' })).toEqual({ ok: false, reason: 'conflict' });
        expect((await store.get('k'))!.value).toEqual({ v: 1 });
        await store.delete('k');
        expect((await store.put('k', { v: 3 }, { ifNoneMatch: '*' })).ok).toBe(true);
      });

      it('loses no update when parallel writers read, modify and write with ifMatch', async () => {
        const writers = 12;
        await store.put<Counter>('tenants/t1/counter', { count: 0 });
        const increment = async (): Promise<number> => {
          for (let attempt = 1; ; attempt++) {
            const current = await store.get<Counter>('tenants/t1/counter');
            const written = await store.put('tenants/t1/counter', { count: current!.value.count + 1 }, { ifMatch: current!.etag });
            if (written.ok) return attempt;
          }
        };
        const attempts = await Promise.all(Array.from({ length: writers }, increment));
        expect((await store.get<Counter>('tenants/t1/counter'))!.value.count).toBe(writers);
        // The retries prove the writers really raced; without conflicts this test would prove nothing.
        expect(Math.max(...attempts)).toBeGreaterThan(1);
      });

      it('rejects keys that are not safe relative paths', async () => {
        for (const key of ['', '/abs', '../up', 'a/../b', 'a/./b', 'a//b', 'a/', 'a\\b', 'a b', 'a~b', 'ä']) {
          await expect(store.put(key, 1)).rejects.toThrow(/Invalid state key/);
          await expect(store.get(key)).rejects.toThrow(/Invalid state key/);
        }
        await expect(store.list('../')).resolves.toEqual([]);
        await expect(store.list('a b')).rejects.toThrow(/Invalid state key/);
      });
    });

    describe('delete', () => {
      it('deletes unconditionally', async () => {
        await store.put('k', 1);
        expect((await store.delete('k')).ok).toBe(true);
        expect(await store.get('k')).toBeUndefined();
      });

      it('deletes with ifMatch only while the etag is current', async () => {
        const first = await store.put('k', 1);
        const second = await store.put('k', 2);
        expect(await store.delete('k', { ifMatch: first.ok ? first.etag : '' })).toEqual({ ok: false, reason: 'conflict' });
        expect((await store.get('k'))!.value).toBe(2);
        expect((await store.delete('k', { ifMatch: second.ok ? second.etag : '' })).ok).toBe(true);
        expect(await store.get('k')).toBeUndefined();
      });

      it('treats deleting a missing key as done, with or without an etag', async () => {
        expect((await store.delete('never/written')).ok).toBe(true);
        const put = await store.put('k', 1);
        await store.delete('k');
        expect((await store.delete('k', { ifMatch: put.ok ? put.etag : '' })).ok).toBe(true);
      });
    });

    describe('list', () => {
      it('lists the keys under a prefix, sorted', async () => {
        for (const key of ['tenants/b/closure', 'tenants/a/closure', 'tenants/ab/audit', 'tenants/a/audit', 'other/x', 'tenants']) {
          await store.put(key, { key });
        }
        expect(await store.list('tenants/')).toEqual(['tenants/a/audit', 'tenants/a/closure', 'tenants/ab/audit', 'tenants/b/closure']);
        expect(await store.list('tenants/a')).toEqual(['tenants/a/audit', 'tenants/a/closure', 'tenants/ab/audit']);
        expect(await store.list('tenants/a/')).toEqual(['tenants/a/audit', 'tenants/a/closure']);
        expect(await store.list('')).toEqual(['other/x', 'tenants', 'tenants/a/audit', 'tenants/a/closure', 'tenants/ab/audit', 'tenants/b/closure']);
        expect(await store.list('nothing/')).toEqual([]);
        await store.delete('tenants/a/audit');
        expect(await store.list('tenants/a/')).toEqual(['tenants/a/closure']);
      });

      it('never lists leases', async () => {
        await store.leases.acquire('tenants/t1/job', 'instance-a', harness.leaseTtlMs);
        expect(await store.list('')).toEqual([]);
      });
    });

    describe('leases', () => {
      const job = 'tenants/t1/job';

      it('grants a free lease and refuses a second owner', async () => {
        const before = Date.now();
        const lease = await store.leases.acquire(job, 'instance-a', harness.leaseTtlMs);
        expect(lease).toEqual({ name: job, owner: 'instance-a', expiresAt: expect.any(Number) });
        expect(lease!.expiresAt).toBeGreaterThan(before);
        expect(await store.leases.acquire(job, 'instance-b', harness.leaseTtlMs)).toBeUndefined();
      });

      it('lets the holder acquire again, which renews', async () => {
        await store.leases.acquire(job, 'instance-a', harness.leaseTtlMs);
        expect(await store.leases.acquire(job, 'instance-a', harness.leaseTtlMs)).toMatchObject({ owner: 'instance-a' });
      });

      it('renews only for the holder', async () => {
        const lease = await store.leases.acquire(job, 'instance-a', harness.leaseTtlMs);
        const renewed = await store.leases.renew(job, 'instance-a', harness.leaseTtlMs);
        expect(renewed).toMatchObject({ name: job, owner: 'instance-a' });
        expect(renewed!.expiresAt).toBeGreaterThanOrEqual(lease!.expiresAt);
        expect(await store.leases.renew(job, 'instance-b', harness.leaseTtlMs)).toBeUndefined();
        expect(await store.leases.renew('tenants/t2/job', 'instance-a', harness.leaseTtlMs)).toBeUndefined();
      });

      it('frees the lease on release by the holder, and ignores release by anyone else', async () => {
        await store.leases.acquire(job, 'instance-a', harness.leaseTtlMs);
        await store.leases.release(job, 'instance-b');
        expect(await store.leases.acquire(job, 'instance-b', harness.leaseTtlMs)).toBeUndefined();
        await store.leases.release(job, 'instance-a');
        expect(await store.leases.acquire(job, 'instance-b', harness.leaseTtlMs)).toMatchObject({ owner: 'instance-b' });
        await store.leases.release('tenants/never/job', 'instance-a');
      });

      it('lets another owner take over after expiry; the old holder then cannot renew or release it', async () => {
        await store.leases.acquire(job, 'instance-a', harness.leaseTtlMs);
        await harness.expireLease(job);
        expect(await store.leases.acquire(job, 'instance-b', harness.leaseTtlMs)).toMatchObject({ owner: 'instance-b' });
        expect(await store.leases.renew(job, 'instance-a', harness.leaseTtlMs)).toBeUndefined();
        await store.leases.release(job, 'instance-a');
        expect(await store.leases.acquire(job, 'instance-c', harness.leaseTtlMs)).toBeUndefined();
        expect(await store.leases.renew(job, 'instance-b', harness.leaseTtlMs)).toMatchObject({ owner: 'instance-b' });
      });

      it('keeps leases of different names independent', async () => {
        expect(await store.leases.acquire('tenants/t1/job', 'instance-a', harness.leaseTtlMs)).toBeDefined();
        expect(await store.leases.acquire('tenants/t2/job', 'instance-b', harness.leaseTtlMs)).toBeDefined();
      });
    });
  });
}
