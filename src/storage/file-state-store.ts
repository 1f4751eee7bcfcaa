import { access, constants, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LeaseManager, PutResult, StateStore, Versioned, WriteCondition } from '../ports/state-store.port';
import { DocumentLeaseManager } from './document-lease-manager';
import { FileDocuments } from './file-documents';
import { DEFAULT_FILE_LOCK_OPTIONS, FileLockOptions } from './file-lock';

export interface FileStateStoreOptions {
  /** The store's directory; created on first use. Several processes on this machine may share it. */
  dir: string;
  /** Clock for lease expiry; every process sharing `dir` must agree on it (the default, Date.now, does). */
  now?: () => number;
  lock?: Partial<FileLockOptions>;
}

/**
 * The embedded default store: documents under `<dir>/docs`, leases under `<dir>/leases`, one JSON file
 * per key, crash-safe and safe for several processes on one machine (see file-documents.ts and file-lock.ts).
 */
export class FileStateStore implements StateStore {
  readonly leases: LeaseManager;
  private readonly documents: FileDocuments;
  private readonly docsDir: string;
  private readonly leasesDir: string;

  constructor(options: FileStateStoreOptions) {
    const lock = { ...DEFAULT_FILE_LOCK_OPTIONS, ...options.lock };
    this.docsDir = join(options.dir, 'docs');
    this.leasesDir = join(options.dir, 'leases');
    this.documents = new FileDocuments(this.docsDir, lock);
    // Leases are documents too, written through the same locked conditional put, in their own tree.
    this.leases = new DocumentLeaseManager(new FileDocuments(this.leasesDir, lock), options.now ?? Date.now);
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

  async ready(): Promise<void> {
    for (const dir of [this.docsDir, this.leasesDir]) {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.R_OK | constants.W_OK);
    }
  }

  /** Nothing to flush: every write is durable before its promise resolves. */
  async close(): Promise<void> {}
}
