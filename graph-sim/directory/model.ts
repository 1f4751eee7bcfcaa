/** Directory objects as the simulator stores them; routes project them to Graph's JSON. */

/** graph-api.md §5.1: values of `perUserMfaState`. */
export type PerUserMfaState = 'disabled' | 'enforced' | 'enabled';

export interface SimUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  jobTitle: string | null;
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  /** true: mastered on-premises (sync on); false: was synced; null: cloud-only (graph-api.md §3.4). */
  onPremisesSyncEnabled: boolean | null;
  onPremisesSamAccountName: string | null;
  onPremisesDistinguishedName: string | null;
  assignedLicenses: Array<{ skuId: string; disabledPlans: string[] }>;
  perUserMfaState: PerUserMfaState;
  createdDateTime: string;
  /** Set while the user sits in deleted items. */
  deletedDateTime?: string;
}

/** graph-api.md §4.1: companySubscription.status values. */
export type SubscriptionStatus = 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';

export interface SimSubscription {
  id: string;
  commerceSubscriptionId: string;
  skuId: string;
  skuPartNumber: string;
  status: SubscriptionStatus;
  isTrial: boolean;
  totalLicenses: number;
  createdDateTime: string;
  /** ISO time of the next lifecycle move, or null when none is scheduled (graph-api.md §4.1). */
  nextLifecycleDateTime: string | null;
  ownerTenantId: string | null;
  /** Paid subscriptions renew at `nextLifecycleDateTime` until cancelled in the admin center. */
  autoRenew: boolean;
  /** Deleted in the admin center: Deprovisioned 72 h later (graph-api.md §4.3). */
  markedForDeletion: boolean;
  servicePlans: Array<{ servicePlanId: string; servicePlanName: string }>;
}

export interface SimApplication {
  id: string;
  appId: string;
  displayName: string;
  signInAudience: string;
  createdDateTime: string;
}

export interface SimServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appOwnerOrganizationId: string;
  servicePrincipalType: 'Application' | 'ManagedIdentity' | 'Legacy';
  accountEnabled: boolean;
}

export interface SimDirectoryRole {
  id: string;
  displayName: string;
  description: string;
  roleTemplateId: string;
  /** Users and role-assignable groups holding the role (active assignments only). */
  memberIds: Set<string>;
}

/**
 * A security group. Only a role-assignable one (`isAssignableToRole`, set at creation) can hold
 * directory roles, and it cannot contain other groups
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept).
 */
export interface SimGroup {
  id: string;
  displayName: string;
  isAssignableToRole: boolean;
  securityEnabled: boolean;
  mailEnabled: boolean;
  memberIds: Set<string>;
}

/**
 * A PIM eligibility (unifiedRoleEligibilityScheduleInstance): the principal may activate the role,
 * but until it does the role is in no membership list
 * (https://learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityscheduleinstances).
 */
export interface SimRoleEligibility {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  startDateTime: string;
  endDateTime: string | null;
}

export interface SimCaPolicy {
  id: string;
  displayName: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  createdDateTime: string;
  /** `authenticationStrength`: the id of one of the tenant's authentication strengths. */
  grantControls: { operator: 'OR' | 'AND'; builtInControls: string[]; authenticationStrength?: string };
  conditions: { users: { includeUsers: string[]; excludeUsers: string[] }; applications: { includeApplications: string[] } };
}

export interface SimOrganization {
  id: string;
  displayName: string;
  tenantType: 'AAD';
  createdDateTime: string;
  countryLetterCode: string;
  verifiedDomains: Array<{ name: string; isDefault: boolean; isInitial: boolean; type: 'Managed'; capabilities: string }>;
  onPremisesSyncEnabled: boolean | null;
  onPremisesLastSyncDateTime: string | null;
}

/** graph-api.md §2.2: built-in role template ids. */
export const ROLE_TEMPLATES = {
  globalAdministrator: { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' },
  userAdministrator: { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator' },
  billingAdministrator: { id: 'b0f54661-2d74-4c50-afa3-1ec803f12efe', displayName: 'Billing Administrator' },
  globalReader: { id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: 'Global Reader' },
  privilegedAuthenticationAdministrator: { id: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', displayName: 'Privileged Authentication Administrator' },
} as const;

export type RoleName = keyof typeof ROLE_TEMPLATES;
export const GLOBAL_ADMIN_TEMPLATE_ID = ROLE_TEMPLATES.globalAdministrator.id;

/** graph-api.md §6.1 (community-sourced ⚠️): the owner tenant of Microsoft's first-party service principals. */
export const MICROSOFT_FIRST_PARTY_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
