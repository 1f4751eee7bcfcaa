import type { PutResult, StateStore, Versioned, WriteCondition } from '../../../src/ports/state-store.port';

export interface RecordedWrite {
  key: string;
  /** The document as JSON text, as the store received it. */
  json: string;
}

/**
 * A StateStore that passes everything to `inner` and keeps the JSON of every document written, so a
 * test can check what ever reached the store, including documents deleted since.
 */
export class RecordingStore implements StateStore {
  readonly writes: RecordedWrite[] = [];
  /** Runs before each put reaches `inner` (say, to have another instance write first). */
  beforePut?: (key: string, condition?: WriteCondition) => Promise<void>;

  constructor(readonly inner: StateStore) {}

  get leases() {
    return this.inner.leases;
  }

  get<T>(key: string): Promise<Versioned<T> | undefined> {
    return this.inner.get<T>(key);
  }

  async put<T>(key: string, value: T, condition?: WriteCondition): Promise<PutResult> {
    this.writes.push({ key, json: JSON.stringify(value) });
    await this.beforePut?.(key, condition);
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
