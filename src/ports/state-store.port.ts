import type { ObjectStore } from './object-store.port';

/**
 * The one storage contract every piece of durable state goes through: per-tenant closures, audit
 * logs, conversation references, job checkpoints. Implementations: memory (tests), file (the
 * embedded default) and Azure Blob (several instances).
 *
 * @remarks
 * - Values are JSON documents; `get` returns a deep copy, so callers can never mutate stored state.
 * - Every stored document carries an opaque `etag` that changes on every write.
 * - `put` with `ifMatch` succeeds only if the stored etag is still that one; with `ifNoneMatch: '*'`
 *   only if nothing is stored under the key. Otherwise it answers `{ ok: false, reason: 'conflict' }`
 *   and changes nothing. Without either condition it overwrites unconditionally.
 * - Keys are `/`-separated paths of `[A-Za-z0-9._-]` segments, e.g. `tenants/<tenantId>/closure`.
 */
export interface StateStore {
  get<T>(key: string): Promise<Versioned<T> | undefined>;
  put<T>(key: string, value: T, condition?: WriteCondition): Promise<PutResult>;
  /** Deletes the key; with `ifMatch`, only if the etag still matches. Deleting a missing key is not an error. */
  delete(key: string, condition?: { ifMatch: string }): Promise<PutResult>;
  /** Keys that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Exclusive, expiring ownership of a name (e.g. a tenant's running job) across processes and instances. */
  leases: LeaseManager;
  /** Large objects written and read as streams (backup exports), kept where this store keeps its documents. */
  objects: ObjectStore;
  /** Resolves when the store can serve requests (used by the readiness probe); rejects with the reason otherwise. */
  ready(): Promise<void>;
  /** Flushes pending writes and releases resources. */
  close(): Promise<void>;
}

export interface Versioned<T> {
  value: T;
  etag: string;
}

export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' };

export type PutResult = { ok: true; etag: string } | { ok: false; reason: 'conflict' };

export interface Lease {
  name: string;
  owner: string;
  /** Epoch milliseconds after which another owner may take the lease. */
  expiresAt: number;
}

/**
 * @remarks A lease is held by an `owner` (an instance id) for `ttlMs`; the holder must `renew` before
 * it expires. Once expired, any owner may `acquire` it (takeover after a crash).
 */
export interface LeaseManager {
  /** Takes the lease if it is free or expired, or already held by `owner` (then it is renewed). */
  acquire(name: string, owner: string, ttlMs: number): Promise<Lease | undefined>;
  /** Extends a lease the owner still holds; `undefined` if it was lost (expired and taken over). */
  renew(name: string, owner: string, ttlMs: number): Promise<Lease | undefined>;
  /** Frees the lease if `owner` holds it; a no-op otherwise. */
  release(name: string, owner: string): Promise<void>;
}
