import { access, constants, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DocumentStateStore } from './document-state-store';
import { FileDocuments } from './file-documents';
import { FileObjects } from './file-objects';
import { DEFAULT_FILE_LOCK_OPTIONS, FileLockOptions } from './file-lock';
import { Clock, systemClock } from '../time/clock';

export interface FileStateStoreOptions {
  /** The store's directory; created on first use. Several processes on this machine may share it. */
  dir: string;
  /** Clock for lease expiry; every process sharing `dir` must agree on it (the default, the system clock, does). */
  now?: Clock['now'];
  lock?: Partial<FileLockOptions>;
}

/**
 * The embedded default store: documents under `<dir>/docs`, leases under `<dir>/leases`, one JSON file
 * per key, crash-safe and safe for several processes on one machine (see file-documents.ts and file-lock.ts);
 * streamed objects (backup exports) under `<dir>/objects` (file-objects.ts).
 */
export class FileStateStore extends DocumentStateStore {
  private readonly docsDir: string;
  private readonly leasesDir: string;

  constructor(options: FileStateStoreOptions) {
    const lock = { ...DEFAULT_FILE_LOCK_OPTIONS, ...options.lock };
    const docsDir = join(options.dir, 'docs');
    const leasesDir = join(options.dir, 'leases');
    // Leases are documents too, written through the same locked conditional put, in their own tree.
    super(new FileDocuments(docsDir, lock), new FileDocuments(leasesDir, lock), options.now ?? systemClock.now, new FileObjects(join(options.dir, 'objects')));
    this.docsDir = docsDir;
    this.leasesDir = leasesDir;
  }

  async ready(): Promise<void> {
    for (const dir of [this.docsDir, this.leasesDir]) {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.R_OK | constants.W_OK);
    }
  }

  /** Nothing to flush: every write is durable before its promise resolves. */
  async close(): Promise<void> {}
}
