import type { LeaseManager, PutResult, StateStore, Versioned, WriteCondition } from '../ports/state-store.port';
import { DocumentLeaseManager } from './document-lease-manager';
import { MemoryDocuments } from './memory-documents';

export interface MemoryStateStoreOptions {
  /** Clock for lease expiry; tests pass a fake one to expire leases without waiting. */
  now?: () => number;
}

/** The state store for tests and single-process demos: nothing survives the process. */
export class MemoryStateStore implements StateStore {
  readonly leases: LeaseManager;
  private readonly documents = new MemoryDocuments();

  constructor(options: MemoryStateStoreOptions = {}) {
    // Leases live in their own map so they never show up in `list`.
    this.leases = new DocumentLeaseManager(new MemoryDocuments(), options.now ?? Date.now);
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

  async ready(): Promise<void> {}

  async close(): Promise<void> {}
}
