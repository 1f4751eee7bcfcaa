import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/observability';
import { StateStore } from '../../src/ports';
import { InstanceClaim, InstanceClaimOptions } from '../../src/runner/instance-claim';
import { ProcessIdentity } from '../../src/runner/process-identity';
import { AzureBlobStateStore } from '../../src/storage';
import { FileStateStore } from '../../src/storage';
import { AzuriteHandle, startAzurite } from '../support/azurite';
import { systemClock } from '../../src/time';

/**
 * The restart contract, on the file store and on Azure Blob (Azurite): an instance id is held by at
 * most one live process; the process that holds it takes back the job leases its previous process
 * held, at once, without waiting for them to expire; a twin started with the same id while the
 * holder lives runs as an owner of its own and never gets the holder's job lease.
 *
 * "Processes" here are claims with identities of their own, and whether each is gone is decided by
 * the test (the OS check itself: test/runner/process-identity.test.ts; real processes:
 * test/e2e/restart-same-instance.test.ts).
 */
let azurite: AzuriteHandle;
const dirs: string[] = [];
beforeAll(async () => (azurite = await startAzurite()), 30_000);
afterAll(async () => {
  await azurite?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const stores: Array<[string, () => StateStore]> = [
  [
    'file store',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'instance-restart-'));
      dirs.push(dir);
      return new FileStateStore({ dir });
    },
  ],
  ['Azure Blob (Azurite)', () => new AzureBlobStateStore({ connectionString: azurite.connectionString, container: `restart-${randomUUID().slice(0, 8)}` })],
];

describe.each(stores)('restarting an instance on the %s', (_name, makeStore) => {
  const log = createLogger('silent');
  const JOB = 'tenants/t1/deletion-job';
  // Production's lease: Azure grants 15 to 60 s, so nothing here can wait for it to expire.
  const LEASE_MS = 30_000;
  let store: StateStore;
  let gone: Set<number>;
  let claims: InstanceClaim[];
  let nextPid = 1000;

  beforeEach(() => {
    store = makeStore();
    gone = new Set();
    claims = [];
  });
  afterEach(async () => {
    for (const claim of claims) await claim.release().catch(() => undefined);
    await store.close();
  });

  /** A process with an identity of its own; "killing" it makes the test's OS say it is gone (nothing is released). */
  async function startProcess(instanceId: string, options: Partial<InstanceClaimOptions> = {}): Promise<{ claim: InstanceClaim; identity: ProcessIdentity; kill(): void }> {
    const identity: ProcessIdentity = { host: 'this-host', pid: nextPid++, bootId: 'boot-1', pidNamespace: 'pid:[1]', startTicks: '1' };
    const claim = await InstanceClaim.take(store, instanceId, log, { heartbeatMs: 3_600_000, staleMs: LEASE_MS, isGone: (p) => gone.has(p.pid), self: identity, ...options });
    claims.push(claim);
    return { claim, identity, kill: () => gone.add(identity.pid) };
  }

  it("lets the lease's holder acquire it again while it is held, and nobody else", async () => {
    expect(await store.leases.acquire(JOB, 'instance-a', LEASE_MS)).toMatchObject({ owner: 'instance-a' });
    expect(await store.leases.acquire(JOB, 'instance-a', LEASE_MS)).toMatchObject({ owner: 'instance-a' });
    expect(await store.leases.acquire(JOB, 'instance-b', LEASE_MS)).toBeUndefined();
  });

  it('a restarted process holds its instance id again and takes back its job lease at once, before it expires', async () => {
    const first = await startProcess('instance-a');
    expect(first.claim.holds).toBe(true);
    expect(first.claim.owner).toBe('instance-a');
    expect(await store.leases.acquire(JOB, first.claim.owner, LEASE_MS)).toBeDefined();

    first.kill(); // SIGKILL: nothing released, the lease runs for another 30 s
    const second = await startProcess('instance-a');
    expect(second.claim.holds).toBe(true);
    expect(second.claim.owner).toBe('instance-a');
    const lease = await store.leases.acquire(JOB, second.claim.owner, LEASE_MS);
    expect(lease).toMatchObject({ owner: 'instance-a' });
    // Still a live lease, not an expired one taken over: any other owner is refused.
    expect(await store.leases.acquire(JOB, 'instance-b', LEASE_MS)).toBeUndefined();
    expect(await store.leases.renew(JOB, second.claim.owner, LEASE_MS)).toBeDefined();
  });

  it('a twin started with the same id while the holder lives runs as an owner of its own and never gets its job lease', async () => {
    const holder = await startProcess('instance-a');
    expect(await store.leases.acquire(JOB, holder.claim.owner, LEASE_MS)).toBeDefined();
    const twin = await startProcess('instance-a');
    expect(twin.claim.holds).toBe(false);
    expect(twin.claim.owner).not.toBe('instance-a');
    expect(twin.claim.owner).toMatch(/^instance-a~/);
    expect(await store.leases.acquire(JOB, twin.claim.owner, LEASE_MS)).toBeUndefined();
    expect(await store.leases.renew(JOB, twin.claim.owner, LEASE_MS)).toBeUndefined();
    // Two twins at once: still one holder.
    const [a, b] = await Promise.all([startProcess('instance-b'), startProcess('instance-b')]);
    expect([a.claim.holds, b.claim.holds].sort()).toEqual([false, true]);
  });

  it('an id freed by a clean shutdown (SIGTERM) is taken by the next process', async () => {
    const old = await startProcess('instance-a');
    await old.claim.release();
    const next = await startProcess('instance-a');
    expect(next.claim.holds).toBe(true);
  });

  it('a twin takes the id once the holder is gone, on its next look', async () => {
    const holder = await startProcess('instance-a');
    const twin = await startProcess('instance-a', { heartbeatMs: 50 });
    expect(twin.claim.holds).toBe(false);
    holder.kill();
    await until(() => twin.claim.holds);
    expect(twin.claim.owner).toBe('instance-a');
  });

  it('a claim nobody refreshed for the lease time is taken (its holder, on another machine, died)', async () => {
    let clock = Date.now();
    await startProcess('instance-a', { clock: { ...systemClock, now: () => clock }, self: { host: 'other-host', pid: 1 } });
    const here = await startProcess('instance-a', { clock: { ...systemClock, now: () => clock } });
    expect(here.claim.holds).toBe(false); // another host: whether it lives cannot be seen from here
    clock += LEASE_MS + 1;
    const later = await startProcess('instance-a', { clock: { ...systemClock, now: () => clock } });
    expect(later.claim.holds).toBe(true);
  });

  it('a holder judged dead while alive learns it at its next heartbeat and stops using the id', async () => {
    let clock = Date.now();
    const frozen = await startProcess('instance-a', { clock: { ...systemClock, now: () => clock } });
    const lost: string[] = [];
    frozen.claim.onLost((owner) => lost.push(owner));
    clock += LEASE_MS + 1; // it did not refresh its claim for the whole lease time
    const successor = await startProcess('instance-a', { clock: { ...systemClock, now: () => clock }, self: { host: 'other-host', pid: 7 } });
    expect(successor.claim.holds).toBe(true);
    await (frozen.claim as unknown as { tick(): Promise<void> }).tick();
    expect(lost).toEqual(['instance-a']);
    expect(frozen.claim.holds).toBe(false);
    expect(frozen.claim.owner).not.toBe('instance-a');
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
