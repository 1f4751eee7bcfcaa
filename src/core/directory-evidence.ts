/** One item Graph refused to delete, with Graph's answer: the card says what failed and why. */
export interface RemovalFailure {
  /** Display name (or principal name, or id) of what could not be deleted. */
  name: string;
  status: number;
  code: string;
  /** Graph's own message, shortened. */
  message?: string;
}

/** What Step 5 found still blocking the deletion of the directory (graph-api.md §6.1). */
export interface BlockerCounts {
  remainingUsers: number;
  softDeletedUsers: number;
  subscriptionsNotDeprovisioned: number;
  applications: number;
  ownedServicePrincipals: number;
  syncEnabled: boolean;
  /** Names of the app registrations and owned enterprise apps (bounded): the buttons say what they delete. */
  applicationNames?: string[];
  servicePrincipalNames?: string[];
}
export interface DirectoryEvidence {
  blockers?: BlockerCounts;
  /** The removal in flight, so a failure can name it and a retry can repeat it. */
  removing?: 'deletedUsers' | 'applications' | 'servicePrincipals';
  lastRemoval?: { what: 'deletedUsers' | 'applications' | 'servicePrincipals'; removed: number; failed: number; failures?: RemovalFailure[] };
  checkedAt?: string;
}
