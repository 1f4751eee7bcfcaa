import { BlobServiceClient, ContainerClient, StorageRetryOptions } from '@azure/storage-blob';
import type { ObjectStore } from '../ports/object-store.port';
import type { LeaseManager, PutResult, StateStore, Versioned, WriteCondition } from '../ports/state-store.port';
import { blobErrorCode, blobErrorStatus, isWriteConflict } from './azure-blob-errors';
import { AzureBlobLeaseManager } from './azure-blob-lease-manager';
import { AzureBlobObjects } from './azure-blob-objects';
import { DOCUMENTS_PREFIX, documentBlobName } from './azure-blob-layout';
import { serialiseDocument } from './serialise-document';
import { assertKeyPrefix } from './state-key';
import { Clock, systemClock } from '../time/clock';

export interface AzureBlobStateStoreOptions {
  connectionString: string;
  /** Created on first use. Azure container names: 3-63 lowercase letters, digits and hyphens. */
  container: string;
  /** The SDK's retry policy (default: 4 tries with exponential back-off). */
  retryOptions?: StorageRetryOptions;
  /** Only used to compute `expiresAt`; Azure itself decides when a lease expires. */
  now?: Clock['now'];
}

/**
 * The store for several instances: one blob per document, etags are the blob's ETag, conditions are
 * HTTP If-Match / If-None-Match, so Azure makes every conditional write atomic for us.
 */
export class AzureBlobStateStore implements StateStore {
  readonly leases: LeaseManager;
  readonly objects: ObjectStore;
  private readonly container: ContainerClient;
  private containerReady: Promise<void> | undefined;

  constructor(options: AzureBlobStateStoreOptions) {
    const service = BlobServiceClient.fromConnectionString(options.connectionString, { retryOptions: options.retryOptions });
    this.container = service.getContainerClient(options.container);
    this.leases = new AzureBlobLeaseManager(this.container, () => this.ensureContainer(), options.now ?? systemClock.now);
    this.objects = new AzureBlobObjects(this.container, () => this.ensureContainer());
  }

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    const blob = this.container.getBlockBlobClient(documentBlobName(key));
    await this.ensureContainer();
    try {
      // One request returns body and ETag together, so they always belong to the same version.
      const response = await blob.download();
      const text = await readAll(response.readableStreamBody);
      return { value: JSON.parse(text) as T, etag: response.etag! };
    } catch (error) {
      if (blobErrorStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async put<T>(key: string, value: T, condition?: WriteCondition): Promise<PutResult> {
    const blob = this.container.getBlockBlobClient(documentBlobName(key));
    const body = serialiseDocument(key, value);
    await this.ensureContainer();
    try {
      const response = await blob.upload(body, Buffer.byteLength(body), {
        conditions: condition,
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return { ok: true, etag: response.etag! };
    } catch (error) {
      if (condition && isWriteConflict(error)) return { ok: false, reason: 'conflict' };
      throw error;
    }
  }

  async delete(key: string, condition?: { ifMatch: string }): Promise<PutResult> {
    const blob = this.container.getBlockBlobClient(documentBlobName(key));
    await this.ensureContainer();
    try {
      await blob.delete({ conditions: condition });
      return { ok: true, etag: '' };
    } catch (error) {
      if (blobErrorStatus(error) === 404) return { ok: true, etag: '' };
      // Azure answers 412 to If-Match on a missing blob too; for us a missing key is simply deleted.
      if (condition && isWriteConflict(error)) return (await blob.exists()) ? { ok: false, reason: 'conflict' } : { ok: true, etag: '' };
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertKeyPrefix(prefix);
    await this.ensureContainer();
    const keys: string[] = [];
    for await (const item of this.container.listBlobsFlat({ prefix: DOCUMENTS_PREFIX + prefix })) {
      keys.push(item.name.slice(DOCUMENTS_PREFIX.length));
    }
    return keys.sort();
  }

  async ready(): Promise<void> {
    await this.ensureContainer();
    await this.container.getProperties();
  }

  /** Nothing to flush: every write is acknowledged by Azure before its promise resolves. */
  async close(): Promise<void> {}

  /** Creates the container once per store; a failure is not remembered, so the next call tries again. */
  private ensureContainer(): Promise<void> {
    this.containerReady ??= this.container.createIfNotExists().then(
      () => undefined,
      (error: unknown) => {
        this.containerReady = undefined;
        throw new Error(`Azure Blob container "${this.container.containerName}" is not reachable: ${blobErrorCode(error) ?? String(error)}`, { cause: error });
      },
    );
    return this.containerReady;
  }
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
