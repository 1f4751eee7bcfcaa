import type { StateStore } from '../ports/state-store.port';
import { AzureBlobStateStore } from './azure-blob-state-store';
import { FileStateStore } from './file-state-store';
import { MemoryStateStore } from './memory-state-store';

export type StateStoreConfig = { kind: 'memory' } | { kind: 'file'; dir: string } | { kind: 'azure-blob'; connectionString: string; container: string };

/**
 * The one place that picks a store. Nothing is touched until first use (the file store creates its
 * directory, the blob store its container), so building the app never does I/O; call `ready()` for that.
 */
export function createStateStore(config: StateStoreConfig): StateStore {
  switch (config.kind) {
    case 'memory':
      return new MemoryStateStore();
    case 'file':
      return new FileStateStore({ dir: config.dir });
    case 'azure-blob':
      return new AzureBlobStateStore({ connectionString: config.connectionString, container: config.container });
    default:
      throw new Error(`Unknown state store kind ${JSON.stringify((config as { kind?: unknown }).kind)}; use memory, file or azure-blob`);
  }
}
