import type { PutResult, WriteCondition } from '../../../src/ports';
import { DelegatingStateStore } from '../../support/delegating-state-store';

export interface RecordedWrite {
  key: string;
  /** The document as JSON text, as the store received it. */
  json: string;
}

/**
 * A StateStore that passes everything to `inner` and keeps the JSON of every document written, so a
 * test can check what ever reached the store, including documents deleted since.
 */
export class RecordingStore extends DelegatingStateStore {
  readonly writes: RecordedWrite[] = [];
  /** Runs before each put reaches `inner` (say, to have another instance write first). */
  beforePut?: (key: string, condition?: WriteCondition) => Promise<void>;

  override async put<T>(key: string, value: T, condition?: WriteCondition): Promise<PutResult> {
    this.writes.push({ key, json: JSON.stringify(value) });
    await this.beforePut?.(key, condition);
    return this.inner.put(key, value, condition);
  }
}
