import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStateStore } from '../../src/storage/file-state-store';
import { describeStateStoreContract } from './state-store.contract';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'file-state-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeStateStoreContract('FileStateStore', async () => {
  let now = Date.now();
  const ttl = 1000;
  const dir = await freshDir();
  return {
    store: new FileStateStore({ dir, now: () => now }),
    leaseTtlMs: ttl,
    expireLease: async () => {
      now += ttl + 1;
    },
    dispose: async () => {},
  };
});

describe('FileStateStore on disk', () => {
  it('keeps one JSON file per key, and leaves no lock or temporary file behind', async () => {
    const dir = await freshDir();
    const store = new FileStateStore({ dir });
    await store.put('tenants/t1/closure', { step: 1 });
    await store.put('tenants/t1', { parent: true });
    await store.put('tenants/t1/closure', { step: 2 });
    expect((await readdir(join(dir, 'docs', 'tenants'))).sort()).toEqual(['t1', 't1~.json']);
    expect(await readdir(join(dir, 'docs', 'tenants', 't1'))).toEqual(['closure~.json']);
  });

  it('finds what an earlier store instance wrote (a restart)', async () => {
    const dir = await freshDir();
    const put = await new FileStateStore({ dir }).put('tenants/t1/closure', { step: 3 });
    const reopened = new FileStateStore({ dir });
    expect(await reopened.get('tenants/t1/closure')).toEqual({ value: { step: 3 }, etag: put.ok && put.etag });
    expect(await reopened.list('')).toEqual(['tenants/t1/closure']);
  });

  it('expires leases by the real clock', async () => {
    const store = new FileStateStore({ dir: await freshDir() });
    expect(await store.leases.acquire('job', 'a', 100)).toBeDefined();
    expect(await store.leases.acquire('job', 'b', 100)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await store.leases.acquire('job', 'b', 100)).toMatchObject({ owner: 'b' });
  });

  it('keeps streamed objects as files of their own; deleting one also removes what a crashed write of it left', async () => {
    const dir = await freshDir();
    const store = new FileStateStore({ dir });
    const writer = await store.objects.create('tenants/t1/backups/b.csv');
    await writer.write('id\r\n1\r\n');
    await writer.commit();
    expect(await readdir(join(dir, 'objects', 'tenants', 't1', 'backups'))).toEqual(['b.csv~.obj']);
    // A write the process never finished (kill -9): its temporary file is all that is left of it.
    const crashed = await store.objects.create('tenants/t1/backups/b.csv');
    await crashed.write('id\r\n2\r\n');
    expect((await readdir(join(dir, 'objects', 'tenants', 't1', 'backups'))).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    expect(await store.objects.list('')).toEqual(['tenants/t1/backups/b.csv']);
    await store.objects.delete('tenants/t1/backups/b.csv');
    expect(await readdir(join(dir, 'objects', 'tenants', 't1', 'backups'))).toEqual([]);
    await crashed.abort();
  });

  it('reports a directory it cannot use as not ready', async () => {
    const file = join(await freshDir(), 'not-a-directory');
    await writeFile(file, '');
    await expect(new FileStateStore({ dir: file }).ready()).rejects.toThrow();
  });
});

describe('FileStateStore key locks', () => {
  const lockOf = (dir: string): string => join(dir, 'docs', 'k~.lock');

  it('breaks at once a lock left by a process that no longer runs (kill -9)', async () => {
    const dir = await freshDir();
    const store = new FileStateStore({ dir, lock: { staleMs: 60_000, timeoutMs: 2_000 } });
    await store.ready();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(lockOf(dir), JSON.stringify({ pid: deadPid, host: hostname(), token: 'dead' }));
    // Succeeding at all proves it: waiting would give up after 2 s, long before the lock turns stale at 60 s.
    expect((await store.put('k', 1)).ok).toBe(true);
  });

  it('waits for a live holder and gives up after the timeout', async () => {
    const dir = await freshDir();
    const store = new FileStateStore({ dir, lock: { staleMs: 60_000, timeoutMs: 200 } });
    await store.ready();
    await writeFile(lockOf(dir), JSON.stringify({ pid: process.pid, host: hostname(), token: 'alive' }));
    await expect(store.put('k', 1)).rejects.toThrow(/Timed out after 200 ms waiting for lock/);
    expect(await store.get('k')).toBeUndefined();
  });

  it('breaks a half-written lock once it is older than staleMs', async () => {
    const dir = await freshDir();
    const store = new FileStateStore({ dir, lock: { staleMs: 5_000, timeoutMs: 2_000 } });
    await store.ready();
    await writeFile(lockOf(dir), '');
    const old = new Date(Date.now() - 10_000);
    await utimes(lockOf(dir), old, old);
    expect((await store.put('k', 1)).ok).toBe(true);
  });
});
