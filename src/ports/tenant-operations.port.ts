import type { AzureSubscriptionsFinding } from './azure-subscriptions.port';

/**
 * The closure's reads and writes on a tenant, in the closure's own terms. Implemented over Microsoft
 * Graph (src/graph/); faked in unit tests. Every list it returns is bounded or a count: the closure
 * state must not grow with the number of users.
 *
 * @remarks Methods throw `GraphFailure` with Graph's status, code and request id.
 */
export interface TenantOperations {
  /**
   * Users that step 1 would delete (everyone but `keepUserId`), a sample of names, and the recycle bin.
   * Every listed user's id goes to `record`, a page at a time: the set an approval of this preview deletes.
   */
  previewUsers(keepUserId: string, record: (ids: string[]) => Promise<void>): Promise<UsersPreview>;
  /** How many users besides `keepUserId` the directory still lists (step 1's verification). */
  remainingUsers(keepUserId: string): Promise<number>;
  /** PATCH organization `onPremisesSyncEnabled: false` (graph-api.md §3.4). Completes later, up to 72 hours. */
  disableDirectorySync(organizationId: string): Promise<void>;
  /** Restores every soft-deleted user (30-day window). Returns how many were restored. */
  restoreDeletedUsers(): Promise<{ restored: number; failed: number }>;
  subscriptions(): Promise<SubscriptionFact[]>;
  mfaReport(keepUserId: string): Promise<MfaReport>;
  /** Sets per-user MFA to disabled (beta) for every remaining user but `keepUserId`. */
  disablePerUserMfa(keepUserId: string): Promise<{ changed: number; failed: number }>;
  disableSecurityDefaults(): Promise<void>;
  disableConditionalAccessPolicies(policyIds: string[]): Promise<{ changed: number; failed: number }>;
  blockers(keepUserId: string, tenantId: string): Promise<BlockerReport>;
  purgeDeletedUsers(): Promise<{ purged: number; failed: number; failures: RemovalFailure[] }>;
  deleteApplications(): Promise<RemovalResult>;
  /** Deletes the service principals the tenant itself owns (not Microsoft's first-party ones). */
  deleteOwnedServicePrincipals(tenantId: string): Promise<RemovalResult>;
  /** Everything the backup export contains: users with their licences and roles. Streams in pages. */
  backupRows(): AsyncIterable<BackupRow>;
}

export interface UsersPreview {
  toDelete: number;
  sample: Array<{ name: string; admin: boolean; guest: boolean }>;
  kept: { id: string; displayName: string };
  recycleBin: number;
  syncedUsers: number;
}

export interface SubscriptionFact {
  id: string;
  /** The SKU's GUID: what Microsoft's table of product names is keyed by. */
  skuId?: string;
  skuPartNumber: string;
  status: 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut' | string;
  nextLifecycleDateTime?: string;
  isTrial: boolean;
  totalLicenses: number;
  /** A partner (CSP) subscription: only the partner can cancel it. */
  partnerManaged: boolean;
}

export interface MfaReport {
  /** Remaining accounts (not the acting admin) whose per-user MFA is enabled or enforced. */
  usersWithMfa: number;
  usersChecked: number;
  /**
   * Accounts whose per-user MFA state Graph did not give: unknown, never counted as "off". The Graph
   * adapter fails the whole read instead (the step shows every count unknown), so it leaves this out.
   */
  usersUnreadable?: number;
  securityDefaultsEnabled: boolean;
  /** Policies requiring MFA (the `mfa` control or an authentication strength), enabled or report-only. */
  conditionalAccessRequiringMfa: CaPolicyFinding[];
}

/** One item Graph refused to delete, with Graph's answer: the card says what failed and why. */
export interface RemovalFailure {
  /** Display name (or principal name, or id) of what could not be deleted. */
  name: string;
  status: number;
  code: string;
  /** Graph's own message, shortened. */
  message?: string;
}

/** What blocks the tenant's deletion; the core records it as is (BlockerCounts, src/core/closure.state.ts). */
export interface BlockerReport {
  remainingUsers: number;
  softDeletedUsers: number;
  subscriptionsNotDeprovisioned: number;
  applications: number;
  ownedServicePrincipals: number;
  syncEnabled: boolean;
  /** Names of the app registrations and owned enterprise apps (bounded): the buttons say what they delete. */
  applicationNames?: string[];
  servicePrincipalNames?: string[];
  /** Azure subscriptions as Resource Manager shows them to the admin (src/ports/azure-subscriptions.port.ts); absent when not read. */
  azure?: AzureSubscriptionsFinding;
}

/** A removal's outcome: what was deleted, and each refusal by name with Graph's answer. */
export interface RemovalResult {
  deleted: number;
  failed: number;
  failures: RemovalFailure[];
}

export interface BackupRow {
  id: string;
  displayName: string;
  userPrincipalName: string;
  accountEnabled: boolean;
  licences: string[];
  roles: string[];
}

/**
 * A Conditional Access policy that requires MFA, by the built-in `mfa` grant control or by an
 * authentication strength that satisfies MFA. Enabled ones are turned off on approval; report-only
 * ones (`enabledForReportingButNotEnforced`) enforce nothing and are left alone.
 */
export interface CaPolicyFinding {
  id: string;
  displayName: string;
  state: string;
  /** How it requires MFA; absent in closures recorded before strengths were read (the `mfa` control). */
  requires?: 'mfaControl' | 'authenticationStrength';
  /** The authentication strength's name, when that is how. */
  strength?: string;
}
