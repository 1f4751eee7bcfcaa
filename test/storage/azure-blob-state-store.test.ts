import { BlobServiceClient } from '@azure/storage-blob';
import { AzureBlobStateStore } from '../../src/storage/azure-blob-state-store';
import { leaseBlobName, leaseDurationSeconds, leaseIdFor } from '../../src/storage/azure-blob-layout';
import { AzuriteHandle, startAzurite } from '../support/azurite';
import { describeStateStoreContract } from './state-store.contract';

let azurite: AzuriteHandle;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

let containers = 0;
function freshContainer(): string {
  return `state-${process.pid}-${++containers}`;
}

function containerClient(container: string) {
  return BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(container);
}

describeStateStoreContract('AzureBlobStateStore on Azurite', async () => {
  const container = freshContainer();
  return {
    store: new AzureBlobStateStore({ connectionString: azurite.connectionString, container }),
    leaseTtlMs: 15_000,
    // Azurite's leases last at least 15 real seconds; breaking one is how the contract sees "expired"
    // without waiting. One test below waits for a real expiry.
    expireLease: async (name) => {
      await containerClient(container).getBlockBlobClient(leaseBlobName(name)).getBlobLeaseClient().breakLease(0);
    },
    dispose: async () => {},
  };
});

describe('AzureBlobStateStore specifics', () => {
  it('creates its container on first use', async () => {
    const container = freshContainer();
    const store = new AzureBlobStateStore({ connectionString: azurite.connectionString, container });
    expect(await containerClient(container).exists()).toBe(false);
    await store.put('tenants/t1/closure', { step: 1 });
    expect(await containerClient(container).exists()).toBe(true);
  });

  it('keeps leases on marker blobs, so a leased name never blocks writes to the document of the same name', async () => {
    const store = new AzureBlobStateStore({ connectionString: azurite.connectionString, container: freshContainer() });
    expect(await store.leases.acquire('tenants/t1/closure', 'instance-a', 15_000)).toBeDefined();
    expect((await store.put('tenants/t1/closure', { step: 2 })).ok).toBe(true);
  });

  it('reports an unreachable account as not ready', async () => {
    const store = new AzureBlobStateStore({
      connectionString: azurite.connectionString.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:1'),
      container: freshContainer(),
      retryOptions: { maxTries: 1 },
    });
    await expect(store.ready()).rejects.toThrow(/is not reachable/);
  });

  it('maps ttlMs to the nearest lease duration Azure allows (15-60 s) and reports the granted expiry', async () => {
    expect([1, 14_400, 15_000, 20_400, 20_600, 60_000, 600_000].map(leaseDurationSeconds)).toEqual([15, 15, 15, 20, 21, 60, 60]);
    const store = new AzureBlobStateStore({ connectionString: azurite.connectionString, container: freshContainer(), now: () => 1_000_000 });
    expect(await store.leases.acquire('job', 'instance-a', 2_000)).toEqual({ name: 'job', owner: 'instance-a', expiresAt: 1_015_000 });
    expect(await store.leases.renew('job', 'instance-a', 45_000)).toEqual({ name: 'job', owner: 'instance-a', expiresAt: 1_045_000 });
  });

  it('derives one stable GUID lease id per owner and name', () => {
    expect(leaseIdFor('job', 'instance-a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(leaseIdFor('job', 'instance-a')).toBe(leaseIdFor('job', 'instance-a'));
    expect(leaseIdFor('job', 'instance-a')).not.toBe(leaseIdFor('job', 'instance-b'));
  });

  it('lets another instance take over once a crashed holder’s lease really expires (waits 15 s)', async () => {
    const container = freshContainer();
    const crashed = new AzureBlobStateStore({ connectionString: azurite.connectionString, container });
    const survivor = new AzureBlobStateStore({ connectionString: azurite.connectionString, container });
    const lease = await crashed.leases.acquire('tenants/t1/job', 'instance-a', 15_000);
    expect(await survivor.leases.acquire('tenants/t1/job', 'instance-b', 15_000)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, lease!.expiresAt - Date.now() + 500));
    expect(await survivor.leases.acquire('tenants/t1/job', 'instance-b', 15_000)).toMatchObject({ owner: 'instance-b' });
    expect(await crashed.leases.renew('tenants/t1/job', 'instance-a', 15_000)).toBeUndefined();
  }, 30_000);
});
