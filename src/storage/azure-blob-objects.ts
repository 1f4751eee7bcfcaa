import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ContainerClient } from '@azure/storage-blob';
import type { ObjectStore, ObjectWriter, StoredObject } from '../ports/object-store.port';
import { blobErrorStatus } from './azure-blob-errors';
import { assertKeyPrefix, parseStateKey } from './state-key';

/** Objects live under `objects/<key>` in the store's container, apart from `docs/` and `leases/` (azure-blob-layout.ts). */
export const OBJECTS_PREFIX = 'objects/';

/** Staged blocks of this size: a writer holds at most one block in memory. */
const BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Objects as block blobs. A write stages blocks as it goes and commits the block list at the end:
 * Azure makes the committed list visible at once, so readers see the old blob or the whole new one.
 * Blocks of an aborted or crashed write stay uncommitted, invisible, and Azure discards them (after a
 * week at most, or when the blob is next committed or deleted).
 */
export class AzureBlobObjects implements ObjectStore {
  constructor(
    private readonly container: ContainerClient,
    private readonly ensureContainer: () => Promise<void>,
  ) {}

  async create(key: string): Promise<ObjectWriter> {
    const blob = this.container.getBlockBlobClient(objectBlobName(key));
    await this.ensureContainer();
    // Every id of one blob must have the same length; this write's own prefix keeps them apart from another writer's.
    const writeId = randomUUID();
    const blockIds: string[] = [];
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let bytes = 0;
    let finished = false;
    const stage = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const block = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      const id = Buffer.from(`${writeId}-${String(blockIds.length).padStart(6, '0')}`).toString('base64');
      await blob.stageBlock(id, block, block.length);
      blockIds.push(id);
    };
    return {
      write: async (chunk) => {
        if (finished) throw new Error(`The write of ${key} is already finished`);
        const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        pending.push(data);
        pendingBytes += data.length;
        bytes += data.length;
        if (pendingBytes >= BLOCK_BYTES) await stage();
      },
      commit: async () => {
        if (finished) throw new Error(`The write of ${key} is already finished`);
        finished = true;
        await stage();
        await blob.commitBlockList(blockIds, { blobHTTPHeaders: { blobContentType: 'application/octet-stream' } });
        return { bytes };
      },
      abort: async () => {
        finished = true;
        pending = [];
        pendingBytes = 0;
      },
    };
  }

  async open(key: string): Promise<StoredObject | undefined> {
    const blob = this.container.getBlockBlobClient(objectBlobName(key));
    await this.ensureContainer();
    try {
      const response = await blob.download();
      const body = response.readableStreamBody as Readable | undefined;
      if (!body) throw new Error(`Azure Blob answered no body for ${key}`);
      return { bytes: response.contentLength ?? 0, body };
    } catch (error) {
      if (blobErrorStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const blob = this.container.getBlockBlobClient(objectBlobName(key));
    await this.ensureContainer();
    await blob.deleteIfExists({ deleteSnapshots: 'include' });
  }

  async list(prefix: string): Promise<string[]> {
    assertKeyPrefix(prefix);
    await this.ensureContainer();
    const keys: string[] = [];
    for await (const item of this.container.listBlobsFlat({ prefix: OBJECTS_PREFIX + prefix })) keys.push(item.name.slice(OBJECTS_PREFIX.length));
    return keys.sort();
  }
}

export function objectBlobName(key: string): string {
  parseStateKey(key);
  return OBJECTS_PREFIX + key;
}
