import type { BlockerReport, RemovalFailure } from '../ports/tenant-operations.port';
import type { CheckConfirmation, EntraCheckId } from './entra-check-ids';

/** One item Graph refused to delete, with Graph's answer (defined by the tenant-operations port). */
export type { RemovalFailure };

/** What Step 5 found still blocking the deletion of the directory (graph-api.md §6.1): the counts the tenant operations read. */
export type BlockerCounts = BlockerReport;
export interface DirectoryEvidence {
  blockers?: BlockerCounts;
  /** The removal in flight, so a failure can name it and a retry can repeat it. */
  removing?: 'deletedUsers' | 'applications' | 'servicePrincipals';
  lastRemoval?: { what: 'deletedUsers' | 'applications' | 'servicePrincipals'; removed: number; failed: number; failures?: RemovalFailure[] };
  checkedAt?: string;
  /** The checks the admin confirmed by hand (who, when), by check id: theirs, never "verified". */
  confirmations?: Partial<Record<EntraCheckId, CheckConfirmation>>;
}
