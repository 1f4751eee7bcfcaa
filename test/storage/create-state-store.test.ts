import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureBlobStateStore, createStateStore, FileStateStore, MemoryStateStore, type StateStoreConfig } from '../../src/storage';

describe('createStateStore', () => {
  it('builds a memory store', () => {
    expect(createStateStore({ kind: 'memory' })).toBeInstanceOf(MemoryStateStore);
  });

  it('builds a file store on the given directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'create-state-store-'));
    try {
      const store = createStateStore({ kind: 'file', dir });
      expect(store).toBeInstanceOf(FileStateStore);
      await store.put('k', 1);
      expect((await createStateStore({ kind: 'file', dir }).get('k'))!.value).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds an Azure Blob store without contacting Azure', () => {
    const connectionString = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;';
    expect(createStateStore({ kind: 'azure-blob', connectionString, container: 'state' })).toBeInstanceOf(AzureBlobStateStore);
  });

  it('refuses an unknown kind with the ones it knows', () => {
    expect(() => createStateStore({ kind: 'cosmos' } as unknown as StateStoreConfig)).toThrow(/use memory, file or azure-blob/);
  });
});
