import type { Lease, LeaseManager, StateStore } from '../ports/state-store.port';
import { Clock } from '../time/clock';

/** The part of a store the lease manager needs: conditional reads and writes of one document per lease. */
export type LeaseDocuments = Pick<StateStore, 'get' | 'put' | 'delete'>;

interface LeaseRecord {
  owner: string;
  expiresAt: number;
}

/**
 * Leases as ordinary documents `{ owner, expiresAt }`, changed only through etag-conditional writes,
 * so they are exactly as safe across processes as the store's `put` (memory and file stores).
 *
 * @remarks
 * Every operation is read, decide, conditional write. A conflict means someone else wrote the lease in
 * between, so we read again and decide again; after a few rounds of that we give up (`undefined` for
 * acquire/renew) rather than spin. Expiry is judged with the injected clock, so every process sharing
 * the store must share a clock (one machine, or machines kept in sync by NTP).
 * `renew` succeeds while the record still names the owner, even just after expiry: nobody took it over,
 * so nothing ran in between. That is also what Azure Blob leases do.
 */
export class DocumentLeaseManager implements LeaseManager {
  private static readonly maxRounds = 20;

  constructor(
    private readonly documents: LeaseDocuments,
    private readonly now: Clock['now'],
  ) {}

  async acquire(name: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
    assertLeaseArguments(owner, ttlMs);
    for (let round = 0; round < DocumentLeaseManager.maxRounds; round++) {
      const current = await this.documents.get<LeaseRecord>(name);
      const now = this.now();
      if (current && current.value.owner !== owner && current.value.expiresAt > now) return undefined;
      const record: LeaseRecord = { owner, expiresAt: now + ttlMs };
      const written = await this.documents.put(name, record, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      if (written.ok) return { name, ...record };
    }
    return undefined;
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
    assertLeaseArguments(owner, ttlMs);
    for (let round = 0; round < DocumentLeaseManager.maxRounds; round++) {
      const current = await this.documents.get<LeaseRecord>(name);
      if (!current || current.value.owner !== owner) return undefined;
      const record: LeaseRecord = { owner, expiresAt: this.now() + ttlMs };
      const written = await this.documents.put(name, record, { ifMatch: current.etag });
      if (written.ok) return { name, ...record };
    }
    return undefined;
  }

  async release(name: string, owner: string): Promise<void> {
    for (let round = 0; round < DocumentLeaseManager.maxRounds; round++) {
      const current = await this.documents.get<LeaseRecord>(name);
      if (!current || current.value.owner !== owner) return;
      const deleted = await this.documents.delete(name, { ifMatch: current.etag });
      if (deleted.ok) return;
    }
  }
}

export function assertLeaseArguments(owner: string, ttlMs: number): void {
  if (typeof owner !== 'string' || owner.length === 0) throw new TypeError('A lease owner must be a non-empty string');
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`A lease ttlMs must be a positive number, got ${ttlMs}`);
}
