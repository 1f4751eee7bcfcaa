/**
 * Entry of src/graph, the Graph adapter: the client, sign-in and the directory for the root; the requests, batches,
 * counts and pacing the steps' Graph operations are written with; the application's write budget and the
 * user-deletion job (with the options of the paced bulk writes it runs on).
 */
export { createGraphClient } from './graph-client.factory';
export type { GraphClientOptions, GraphTokenSource } from './graph-client.factory';
export { adminConsentUrl, createGraphAccess } from './graph-access';
export type { GraphAccess } from './graph-access';
export { GraphDirectory } from './graph-directory';
export { followLink, graphAll, graphCall } from './graph-request';
export { sendBatched } from './bulk/batched-requests';
export { countUsers } from './directory-counts';
export { ConditionalAccessPacer } from './conditional-access-pacer';
export { ApplicationWriteBudget } from './bulk/application-write-budget';
export { applicationWriteBudgetOptions } from './bulk/application-write-budget.options';
export type { BulkWriteOptions } from './bulk/bulk-write.options';
export { GraphUserDeletionJob } from './user-deletion/graph-user-deletion.job';
export type { UserDeletionJobOptions } from './user-deletion/graph-user-deletion.job';
