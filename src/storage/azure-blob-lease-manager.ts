import type { ContainerClient } from '@azure/storage-blob';
import type { Lease, LeaseManager } from '../ports/state-store.port';
import { blobErrorStatus } from './azure-blob-errors';
import { leaseBlobName, leaseDurationSeconds, leaseIdFor } from './azure-blob-layout';
import { assertLeaseArguments } from './document-lease-manager';
import { Clock } from '../time/clock';

/**
 * Leases as real Azure blob leases on empty marker blobs (`leases/<name>`), so expiry is enforced by
 * Azure's clock, not by ours, and a crashed instance's lease frees itself.
 *
 * @remarks
 * The lease id is derived from name and owner (azure-blob-layout.ts), so no lease id is kept in memory.
 * 409 from Azure means "someone else holds it" (acquire) or "you lost it" (renew, release).
 * `renew` first renews (which fails once another owner has taken the lease, even if that owner already
 * released it), then re-acquires with the same id to apply the requested duration: Azure's renew keeps
 * the duration chosen at acquire, and acquiring an active lease with its own id is allowed.
 */
export class AzureBlobLeaseManager implements LeaseManager {
  constructor(
    private readonly container: ContainerClient,
    private readonly ensureContainer: () => Promise<void>,
    private readonly now: Clock['now'],
  ) {}

  async acquire(name: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
    assertLeaseArguments(owner, ttlMs);
    const seconds = leaseDurationSeconds(ttlMs);
    const leaseClient = this.leaseClient(name, owner);
    await this.ensureContainer();
    for (let attempt = 0; attempt < 2; attempt++) {
      const start = this.now(); // before the request, so our expiresAt is never later than Azure's
      try {
        await leaseClient.acquireLease(seconds);
        return { name, owner, expiresAt: start + seconds * 1000 };
      } catch (error) {
        const status = blobErrorStatus(error);
        if (status === 409) return undefined;
        if (status !== 404 || attempt > 0) throw error;
        await this.createMarker(name);
      }
    }
    return undefined;
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
    assertLeaseArguments(owner, ttlMs);
    const seconds = leaseDurationSeconds(ttlMs);
    const leaseClient = this.leaseClient(name, owner);
    await this.ensureContainer();
    const start = this.now();
    try {
      await leaseClient.renewLease();
      await leaseClient.acquireLease(seconds);
    } catch (error) {
      if (isLost(error)) return undefined;
      throw error;
    }
    return { name, owner, expiresAt: start + seconds * 1000 };
  }

  async release(name: string, owner: string): Promise<void> {
    await this.ensureContainer();
    try {
      await this.leaseClient(name, owner).releaseLease();
    } catch (error) {
      if (!isLost(error)) throw error;
    }
  }

  private leaseClient(name: string, owner: string) {
    return this.container.getBlockBlobClient(leaseBlobName(name)).getBlobLeaseClient(leaseIdFor(name, owner));
  }

  private async createMarker(name: string): Promise<void> {
    try {
      await this.container.getBlockBlobClient(leaseBlobName(name)).upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (error) {
      // Another instance created it first (409), or it exists and is leased (412): either way it is there.
      const status = blobErrorStatus(error);
      if (status !== 409 && status !== 412) throw error;
    }
  }
}

/** 409: another lease id holds it, or it was broken; 404: the marker is gone, so nothing is held. */
function isLost(error: unknown): boolean {
  const status = blobErrorStatus(error);
  return status === 409 || status === 404;
}
