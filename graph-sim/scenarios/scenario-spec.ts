import type { PerUserMfaState, RoleName, SubscriptionStatus } from '../directory/model';

/**
 * A tenant described as data. Ids that are not given are derived from the tenant id and a stable
 * key, so every run (and every tenant made from the same spec with another id) is reproducible.
 */
export interface ScenarioSpec {
  name: string;
  /** Default: derived from `name`. `addTenant(spec, { tenantId })` overrides it. */
  tenantId?: string;
  displayName: string;
  initialDomain: string;
  /** A verified custom domain used for user names when present (the default domain). */
  customDomain?: string;
  /** organization.onPremisesSyncEnabled: true synced, false was synced, null never (graph-api.md §2.1). */
  syncEnabled: boolean | null;
  /** The acting Global Administrator: always holds Global Administrator. */
  admin: UserSeed;
  users: UserSeed[];
  /** Bulk users generated on first use (cheap until a request touches the tenant). */
  generatedUsers?: { count: number; syncedEvery?: number; perUserMfaState?: PerUserMfaState };
  /** Users already in deleted items when the tenant starts. */
  deletedUsers?: Array<UserSeed & { deletedDaysAgo: number }>;
  subscriptions: SubscriptionSeed[];
  applications?: Array<{ displayName: string; signInAudience?: string }>;
  /** Tenant-owned service principals (Microsoft first-party ones are always added). */
  servicePrincipals?: Array<{ displayName: string; appId?: string }>;
  securityDefaultsEnabled: boolean;
  /**
   * The delegated Graph scopes an admin consented to for the bot in this tenant. Default: exactly
   * the scopes `aad.manifest.json` declares (what the Toolkit's registration asks consent for);
   * 'none': nobody consented (Entra issues no token, Graph grants nothing).
   */
  adminConsent?: readonly string[] | 'none';
  /**
   * Entra ID P2 (or Governance) licensed: PIM answers. Without it, PIM's APIs answer 400
   * AadPremiumLicenseRequired. Default: true when a user has eligible roles.
   */
  entraIdP2?: boolean;
  /** Groups; a role-assignable one may hold directory roles for its members. */
  groups?: Array<{ displayName: string; isAssignableToRole?: boolean; roles?: RoleName[] }>;
  /**
   * `requireMfa`: the built-in `mfa` grant control (else `block`). `authenticationStrength`: the
   * display name of a built-in strength ("Multifactor authentication", "Passwordless MFA",
   * "Phishing-resistant MFA") or of one in `authenticationStrengths`, required instead.
   */
  conditionalAccessPolicies?: Array<{ displayName: string; state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced'; requireMfa: boolean; authenticationStrength?: string }>;
  /** Custom authentication strengths (the three built-in ones always exist). */
  authenticationStrengths?: Array<{ displayName: string; requirementsSatisfied: 'mfa' | 'none'; allowedCombinations: string[] }>;
}

export interface UserSeed {
  id?: string;
  /** Stable key for the derived id; defaults to the UPN local part. */
  key?: string;
  displayName: string;
  /** Local part of the UPN; default "given.surname" from the display name. */
  upnLocal?: string;
  jobTitle?: string;
  roles?: RoleName[];
  /** Display names of the scenario's groups the user is a member of. */
  groups?: string[];
  /** PIM: roles the user is only eligible for (not active until activated). */
  eligibleRoles?: RoleName[];
  /** Mastered on-premises (only meaningful when the tenant syncs). */
  synced?: boolean;
  perUserMfaState?: PerUserMfaState;
  userType?: 'Member' | 'Guest';
  accountEnabled?: boolean;
  /** Assigned the first subscription's SKU; default true for members. */
  licensed?: boolean;
}

export interface SubscriptionSeed {
  skuPartNumber: string;
  skuId: string;
  totalLicenses: number;
  /** Default Enabled. */
  status?: SubscriptionStatus;
  isTrial?: boolean;
  /** Days until nextLifecycleDateTime; default 365 (paid) or 30 (trial). */
  daysToNextLifecycle?: number;
  /** A partner (CSP) tenant that owns the subscription (graph-api.md §4.1 ⚠️). */
  ownerTenantId?: string;
  servicePlans?: readonly string[];
}
