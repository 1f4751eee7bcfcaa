/** A Conditional Access policy that requires MFA: what Step 4 reads (defined by the tenant-operations port). */
export type { CaPolicyFinding } from '../ports/tenant-operations.port';
