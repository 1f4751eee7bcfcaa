/** Entry of src/runner: what the composition root wires, and the closure's stored record (read and seeded by its callers). */
export { ClosureRepository } from './closure-repository';
export type { AuditLog, Contact, LoadedClosure } from './closure-repository';
export { ClosureRunner } from './closure-runner';
export type { ClosureRunnerDeps, Dispatched } from './closure-runner';
export { ApprovedSetMismatchError, ApprovedUserSets } from './approved-user-set';
export { BackupRetention } from './backup-retention';
export type { BackupRetentionPolicy } from './backup-retention';
export { InstanceClaim } from './instance-claim';
export type { InstanceClaimOptions } from './instance-claim';
// The job's lease name is shared between processes: an instance that restarts looks for the lease a crashed one held.
export { JobSupervisor, jobLeaseName } from './job-supervisor';
