/** Entry of src/ports: the interfaces for I/O in the closure's own terms, and the failure they throw. */
export * from './assertion-claims';
export * from './azure-subscriptions.port';
export * from './backup-files.port';
export * from './backup-record';
export * from './directory.port';
export * from './failure-info';
export * from './graph-answer-label';
export * from './graph-error-info';
export * from './graph-failure';
export * from './notifier.port';
export * from './object-store.port';
export * from './permission-finding';
export * from './silent-sign-in.port';
export * from './state-store.port';
export * from './tenant-operations.port';
export * from './user-deletion.port';
