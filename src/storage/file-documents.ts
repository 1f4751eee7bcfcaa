import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PutResult, Versioned, WriteCondition } from '../ports/state-store.port';
import { removeFileDurably, replaceFileDurably } from './durable-file';
import { DOCUMENT_SUFFIX, fileKeyPaths } from './file-key-paths';
import { DEFAULT_FILE_LOCK_OPTIONS, FileLockOptions, withFileLock } from './file-lock';
import { serialiseDocument } from './serialise-document';
import { assertKeyPrefix } from './state-key';

/** What one document file holds: the etag travels inside the file, so a rename swaps both at once. */
interface DocumentFile {
  etag: string;
  value: unknown;
}

/**
 * JSON documents as files under `root`, one per key (see file-key-paths.ts for the layout).
 *
 * @remarks Reads take no lock: a rename is atomic, so a reader sees the old or the new file whole.
 * Every write and delete takes the key's lock (file-lock.ts), checks the condition and replaces the
 * file durably (durable-file.ts) before it answers, so a conditional put is atomic across processes
 * and nothing is pending when the process dies. Etags are random UUIDs, never reused after a restart.
 */
export class FileDocuments {
  constructor(
    private readonly root: string,
    private readonly lockOptions: FileLockOptions = DEFAULT_FILE_LOCK_OPTIONS,
  ) {}

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    const stored = await readDocument(fileKeyPaths(this.root, key).document);
    return stored && { value: stored.value as T, etag: stored.etag };
  }

  async put<T>(key: string, value: T, condition?: WriteCondition): Promise<PutResult> {
    const paths = fileKeyPaths(this.root, key);
    const etag = randomUUID();
    const text = `{"etag":${JSON.stringify(etag)},"value":${serialiseDocument(key, value)}}`;
    mkdirSync(paths.dir, { recursive: true });
    return withFileLock(
      paths.lock,
      async (): Promise<PutResult> => {
        if (condition) {
          const current = await readDocument(paths.document);
          const holds = 'ifNoneMatch' in condition ? current === undefined : current?.etag === condition.ifMatch;
          if (!holds) return { ok: false, reason: 'conflict' };
        }
        await replaceFileDurably(paths.document, paths.temp(etag), text);
        return { ok: true, etag };
      },
      this.lockOptions,
    );
  }

  async delete(key: string, condition?: { ifMatch: string }): Promise<PutResult> {
    const paths = fileKeyPaths(this.root, key);
    const current = await readDocument(paths.document);
    if (current === undefined) return { ok: true, etag: '' };
    return withFileLock(
      paths.lock,
      async (): Promise<PutResult> => {
        const locked = await readDocument(paths.document);
        if (locked && condition && locked.etag !== condition.ifMatch) return { ok: false, reason: 'conflict' };
        if (locked) await removeFileDurably(paths.document);
        return { ok: true, etag: '' };
      },
      this.lockOptions,
    );
  }

  async list(prefix: string): Promise<string[]> {
    assertKeyPrefix(prefix);
    const keys: string[] = [];
    await collectKeys(this.root, '', prefix, keys);
    return keys.sort();
  }
}

/** Synchronous: one small local file, read without queueing behind the event loop (see durable-file.ts). */
async function readDocument(path: string): Promise<DocumentFile | undefined> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Cannot happen through this store (writes are atomic); if it does, someone edited the file by hand.
  try {
    return JSON.parse(text) as DocumentFile;
  } catch {
    throw new Error(`State document ${path} is not valid JSON; restore it from a backup or delete it`);
  }
}

/** Walks only the directories that can hold keys starting with `prefix`; skips locks and temp files (and anything not ending in `suffix`). */
export async function collectKeys(dir: string, keyPrefix: string, prefix: string, into: string[], suffix = DOCUMENT_SUFFIX): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.includes('~')) {
      const below = `${keyPrefix}${entry.name}/`;
      if (below.startsWith(prefix) || prefix.startsWith(below)) await collectKeys(join(dir, entry.name), below, prefix, into, suffix);
    } else if (entry.isFile() && entry.name.endsWith(suffix)) {
      const key = keyPrefix + entry.name.slice(0, -suffix.length);
      if (key.startsWith(prefix)) into.push(key);
    }
  }
}
