import { DocumentStateStore } from './document-state-store';
import { MemoryDocuments } from './memory-documents';
import { MemoryObjects } from './memory-objects';
import { Clock, systemClock } from '../time/clock';

export interface MemoryStateStoreOptions {
  /** Clock for lease expiry; tests pass a fake one to expire leases without waiting. */
  now?: Clock['now'];
}

/** The state store for tests and single-process demos: nothing survives the process. */
export class MemoryStateStore extends DocumentStateStore {
  constructor(options: MemoryStateStoreOptions = {}) {
    super(new MemoryDocuments(), new MemoryDocuments(), options.now ?? systemClock.now, new MemoryObjects());
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {}
}
