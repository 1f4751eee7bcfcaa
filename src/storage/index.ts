export { createStateStore, type StateStoreConfig } from './create-state-store';
export { MemoryStateStore, type MemoryStateStoreOptions } from './memory-state-store';
export { FileStateStore, type FileStateStoreOptions } from './file-state-store';
export { AzureBlobStateStore, type AzureBlobStateStoreOptions } from './azure-blob-state-store';
// The blob a lease lives in is shared between processes: an instance that restarts finds the lease a crashed one held.
export { leaseBlobName, leaseDurationSeconds, leaseIdFor, MIN_LEASE_SECONDS, MAX_LEASE_SECONDS } from './azure-blob-layout';
// The syntax of a state key, which every store enforces and every caller's keys must meet.
export { InvalidStateKeyError, parseStateKey } from './state-key';
