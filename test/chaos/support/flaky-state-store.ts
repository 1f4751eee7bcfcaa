import { PutResult, StateStore, WriteCondition } from '../../../src/ports';
import { DelegatingStateStore } from '../../support/delegating-state-store';
import { seededRandom } from './chaos-checks';

export interface FlakyCounts {
  puts: number;
  /** Rejected before the write: nothing stored. */
  failedBefore: number;
  /** Stored, then the call failed anyway (a timeout after the service committed). */
  failedAfter: number;
  /** Answered as an eTag conflict (only for conditional writes, as the contract allows). */
  conflicts: number;
}

/**
 * A state store whose writes fail a seeded fraction of the time, in the three ways a real store
 * (Azure Blob over a network) fails: an error before the write, an error after it was committed,
 * and a spurious eTag conflict. Reads, deletes and leases pass through.
 */
export class FlakyStateStore extends DelegatingStateStore {
  readonly counts: FlakyCounts = { puts: 0, failedBefore: 0, failedAfter: 0, conflicts: 0 };
  /** Off while the bot starts (its startup writes are not under test here). */
  failureRate = 0;
  private readonly random: () => number;

  constructor(inner: StateStore, seed: number) {
    super(inner);
    this.random = seededRandom(seed);
  }

  override async put<T>(key: string, value: T, condition?: WriteCondition): Promise<PutResult> {
    this.counts.puts++;
    if (this.random() >= this.failureRate) return this.inner.put(key, value, condition);
    const kind = this.random();
    if (kind < 0.4) {
      this.counts.failedBefore++;
      throw new Error(`injected: store unavailable (${key})`);
    }
    if (kind < 0.6) {
      await this.inner.put(key, value, condition);
      this.counts.failedAfter++;
      throw new Error(`injected: timeout after the write (${key})`);
    }
    if (!condition) {
      this.counts.failedBefore++;
      throw new Error(`injected: store unavailable (${key})`);
    }
    this.counts.conflicts++;
    return { ok: false, reason: 'conflict' };
  }
}
