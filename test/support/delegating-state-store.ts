import type { ObjectStore } from '../../src/ports';
import type { LeaseManager, PutResult, StateStore, Versioned, WriteCondition } from '../../src/ports';

/** A StateStore that passes every call to `inner`: test wrappers override only what they watch or break. */
export class DelegatingStateStore implements StateStore {
  constructor(readonly inner: StateStore) {}

  get leases(): LeaseManager {
    return this.inner.leases;
  }

  get objects(): ObjectStore {
    return this.inner.objects;
  }

  get<T>(key: string): Promise<Versioned<T> | undefined> {
    return this.inner.get<T>(key);
  }

  put<T>(key: string, value: T, condition?: WriteCondition): Promise<PutResult> {
    return this.inner.put(key, value, condition);
  }

  delete(key: string, condition?: { ifMatch: string }): Promise<PutResult> {
    return this.inner.delete(key, condition);
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }

  ready(): Promise<void> {
    return this.inner.ready();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
