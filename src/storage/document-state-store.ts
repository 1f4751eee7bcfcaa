import type { ObjectStore } from '../ports/object-store.port';
import type { LeaseManager, PutResult, StateStore, Versioned, WriteCondition } from '../ports/state-store.port';
import { DocumentLeaseManager } from './document-lease-manager';
import { Clock } from '../time/clock';

/** What a document backend offers: the store's get/put/delete/list, without leases or lifecycle. */
export type Documents = Pick<StateStore, 'get' | 'put' | 'delete' | 'list'>;

/**
 * A state store over a document backend, with leases kept as documents of a second backend (so
 * they never show up in `list`). The memory and file stores differ only in their backends and in
 * what `ready` and `close` do.
 */
export abstract class DocumentStateStore implements StateStore {
  readonly leases: LeaseManager;

  protected constructor(
    private readonly documents: Documents,
    leaseDocuments: Documents,
    now: Clock['now'],
    readonly objects: ObjectStore,
  ) {
    this.leases = new DocumentLeaseManager(leaseDocuments, now);
  }

  get<T>(key: string): Promise<Versioned<T> | undefined> {
    return this.documents.get<T>(key);
  }

  put<T>(key: string, value: T, condition?: WriteCondition): Promise<PutResult> {
    return this.documents.put(key, value, condition);
  }

  delete(key: string, condition?: { ifMatch: string }): Promise<PutResult> {
    return this.documents.delete(key, condition);
  }

  list(prefix: string): Promise<string[]> {
    return this.documents.list(prefix);
  }

  abstract ready(): Promise<void>;
  abstract close(): Promise<void>;
}
