export { createStateStore, type StateStoreConfig } from './create-state-store';
export { MemoryStateStore, type MemoryStateStoreOptions } from './memory-state-store';
export { FileStateStore, type FileStateStoreOptions } from './file-state-store';
export { AzureBlobStateStore, type AzureBlobStateStoreOptions } from './azure-blob-state-store';
export { leaseDurationSeconds, MIN_LEASE_SECONDS, MAX_LEASE_SECONDS } from './azure-blob-layout';
export { InvalidStateKeyError } from './state-key';
