import type { Readable } from 'node:stream';

/**
 * Large objects written and read as streams, beside the state store's JSON documents: what must
 * never be held whole in memory (a backup export of every user). Implementations: memory (tests),
 * files under the file store's directory, blobs in the Azure Blob store's container.
 *
 * @remarks
 * - Keys follow the state store's rules (`/`-separated `[A-Za-z0-9._-]` segments).
 * - A write is invisible until `commit`: readers see the previous object (or none) until then, and
 *   the whole new one after, never a part. An aborted or crashed write leaves no object.
 * - Two writes of one key at once: the last commit wins whole, or a commit fails; never a mix.
 * - No etags or conditions: an object belongs to the JSON document that names it, and that document
 *   is where writers agree.
 */
export interface ObjectStore {
  /** Starts a new version of `key`; nothing is visible until the writer's `commit`. */
  create(key: string): Promise<ObjectWriter>;
  /** The object as a stream with its size, or undefined if there is none. */
  open(key: string): Promise<StoredObject | undefined>;
  /** Removes the object (and what an unfinished write of it left behind); a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Keys of committed objects that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}

export interface ObjectWriter {
  /** Appends a chunk; resolves when the store has taken it (back-pressure: await before the next). */
  write(chunk: string | Buffer): Promise<void>;
  /** Makes the whole object visible at once; answers its size in bytes. */
  commit(): Promise<{ bytes: number }>;
  /** Drops what was written; the previous object, if any, stays. Safe to call after a failure. */
  abort(): Promise<void>;
}

export interface StoredObject {
  bytes: number;
  /** Read it to the end or destroy it: it may hold a file handle or a connection. */
  body: Readable;
}
