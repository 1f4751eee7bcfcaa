/**
 * Why aad.manifest.json declares each delegated Microsoft Graph scope: the bot's requests that need
 * it, and why no narrower scope serves. The README's permission table says the same in prose; the
 * tests check every row against Microsoft's permission data (graph-reference/permissions.ts) and
 * that the declared scopes are exactly these.
 */
export interface NeededBy {
  method: string;
  /** As the bot sends it (ids are examples). */
  path: string;
  what: string;
  /**
   * Set when Microsoft's data does not mark this scope least privileged for the request (or names it
   * only in a documented condition): why this scope anyway, with the API page that decides.
   */
  notLeastBecause?: string;
  /** The scope is required by a documented condition of the request (the data's `notes`), not by its permission list. */
  byDocumentedCondition?: true;
}

export interface ScopeNeed {
  scope: string;
  neededBy: NeededBy[];
  /** Why no narrower scope serves. */
  noNarrower: string;
}

const ID = '3f2c0d1e-0000-4000-8000-000000000001';

export const DECLARED_SCOPE_NEEDS: readonly ScopeNeed[] = [
  {
    scope: 'User.Read',
    neededBy: [
      { method: 'GET', path: '/me', what: 'who the acting admin is' },
      {
        method: 'GET',
        path: '/organization?$select=id,displayName,verifiedDomains,onPremisesSyncEnabled',
        what: 'the tenant, its domains, whether it syncs from on-premises',
        notLeastBecause:
          "Microsoft's data marks DeviceManagementServiceConfig.Read.All, an Intune permission, least here; the Get organization page names User.Read as the least privileged delegated permission: https://learn.microsoft.com/graph/api/organization-get",
      },
      { method: 'GET', path: `/users/${ID}/transitiveMemberOf/microsoft.graph.directoryRole?$count=true`, what: "the admin's directory roles (the Global Administrator check)" },
    ],
    noNarrower: "None exists: User.Read is Microsoft Graph's narrowest user permission (sign-in and the signed-in user's own profile).",
  },
  {
    scope: 'User.Read.All',
    neededBy: [
      {
        method: 'GET',
        path: '/users?$select=id,displayName,userPrincipalName,accountEnabled,assignedLicenses&$top=999',
        what: 'the backup of every user with their licences',
        notLeastBecause:
          'User.ReadBasic.All (marked least) returns only the basic profile (displayName, givenName, mail, photo, surname, userPrincipalName, id), not accountEnabled or assignedLicenses: https://learn.microsoft.com/graph/permissions-reference#userreadbasicall',
      },
      {
        method: 'GET',
        path: '/users/$count?$filter=onPremisesSyncEnabled eq true',
        what: 'how many users still sync from on-premises',
        notLeastBecause: 'User.ReadBasic.All (listed first) cannot read onPremisesSyncEnabled, which is not a basic property and is returned only on $select: https://learn.microsoft.com/graph/api/user-list',
      },
      { method: 'GET', path: '/directory/deletedItems/microsoft.graph.user?$select=id&$top=999', what: 'deleted users, to restore or purge' },
    ],
    noNarrower: 'User.ReadBasic.All reads only the basic profile: not accountEnabled, assignedLicenses or onPremisesSyncEnabled, and not the deleted users.',
  },
  {
    scope: 'User.DeleteRestore.All',
    neededBy: [
      { method: 'DELETE', path: `/users/${ID}`, what: 'delete a user (step 1)' },
      { method: 'POST', path: `/directory/deletedItems/${ID}/restore`, what: 'restore a user deleted by mistake' },
      { method: 'DELETE', path: `/directory/deletedItems/${ID}`, what: 'purge a deleted user' },
    ],
    noNarrower: 'None exists: it is the least privileged permission for all three (User.ReadWrite.All would also allow changing every user).',
  },
  {
    scope: 'Directory.AccessAsUser.All',
    neededBy: [
      {
        method: 'DELETE',
        path: `/users/${ID}`,
        what: 'delete a user who holds an administrator role',
        byDocumentedCondition: true,
        notLeastBecause:
          'The Delete user page requires it in delegated scenarios to delete a user who holds a privileged administrator role, on top of the delete permission (and the caller must hold a higher-privileged role): https://learn.microsoft.com/graph/api/user-delete',
      },
    ],
    noNarrower: "None exists. It is broad (the app may do in the directory whatever the signed-in admin may), but Microsoft documents no narrower permission that deletes administrator-role holders on a user's behalf.",
  },
  {
    scope: 'RoleManagement.Read.Directory',
    neededBy: [
      { method: 'GET', path: '/directoryRoles', what: 'the activated directory roles (backup)' },
      { method: 'GET', path: `/directoryRoles/${ID}/members?$select=id`, what: 'who holds each role (backup, admins to delete last)' },
      {
        method: 'GET',
        path: `/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '${ID}'`,
        what: 'a Global Administrator role that is only eligible in Privileged Identity Management',
        notLeastBecause:
          'RoleEligibilitySchedule.Read.Directory (marked least) would be one scope more; RoleManagement.Read.Directory, needed for the rows above, is also listed: https://learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityscheduleinstances',
      },
    ],
    noNarrower:
      'None for directory roles and their members (Directory.Read.All would read the whole directory). Without a permission that reads directory roles, membership lists return them as bare ids (https://learn.microsoft.com/graph/permissions-overview, "Limited information returned for inaccessible member objects").',
  },
  {
    scope: 'Organization.Read.All',
    neededBy: [
      { method: 'GET', path: '/directory/subscriptions', what: 'the subscriptions and their status (steps 2 and 3)' },
      {
        method: 'GET',
        path: '/subscribedSkus',
        what: 'licence names for the backup',
        notLeastBecause:
          'LicenseAssignment.Read.All (marked least) would be one scope more; Organization.Read.All, needed for /directory/subscriptions, is also listed: https://learn.microsoft.com/graph/api/subscribedsku-list',
      },
    ],
    noNarrower:
      'None: for delegated access the List subscriptions page names Organization.Read.All least and only Directory.Read.All above it; Organization.ReadWrite.All is not listed there (https://learn.microsoft.com/graph/api/directory-list-subscriptions).',
  },
  {
    scope: 'Organization.ReadWrite.All',
    neededBy: [
      {
        method: 'PATCH',
        path: `/organization/${ID}`,
        what: 'turn directory synchronization off (onPremisesSyncEnabled: false)',
        notLeastBecause:
          "Microsoft's data marks DeviceManagementServiceConfig.ReadWrite.All, an Intune permission, least here; the Update organization page names Organization.ReadWrite.All as the least privileged delegated permission, with none higher: https://learn.microsoft.com/graph/api/organization-update",
      },
    ],
    noNarrower:
      'None: turning directory synchronization off is an update of the organization (https://learn.microsoft.com/microsoft-365/enterprise/turn-off-directory-synchronization), and Organization.ReadWrite.All is the only permission its page names.',
  },
  {
    scope: 'Application.ReadWrite.All',
    neededBy: [
      { method: 'GET', path: '/applications?$select=id&$top=999', what: 'app registrations, which block tenant deletion' },
      { method: 'GET', path: '/servicePrincipals?$select=id,appOwnerOrganizationId&$top=999', what: "the tenant's own enterprise apps" },
      { method: 'DELETE', path: `/applications/${ID}`, what: 'remove an app registration (after approval)' },
      { method: 'DELETE', path: `/servicePrincipals/${ID}`, what: 'remove an enterprise app (after approval)' },
    ],
    noNarrower: 'Application.Read.All would report the blockers but not remove them; Application.ReadWrite.All also reads, so Application.Read.All is not declared beside it.',
  },
  {
    scope: 'Policy.Read.All',
    neededBy: [
      { method: 'GET', path: '/identity/conditionalAccess/policies', what: 'Conditional Access policies that require MFA (step 4)' },
      { method: 'GET', path: '/identity/conditionalAccess/authenticationStrength/policies', what: 'authentication strengths those policies require' },
      { method: 'GET', path: '/policies/identitySecurityDefaultsEnforcementPolicy', what: 'whether security defaults are on' },
      { method: 'GET', path: `/beta/users/${ID}/authentication/requirements`, what: "a user's per-user MFA state" },
    ],
    noNarrower: "None: the least privileged for each read; Microsoft's data also requires it beside Policy.ReadWrite.SecurityDefaults.",
  },
  {
    scope: 'Policy.ReadWrite.ConditionalAccess',
    neededBy: [
      {
        method: 'PATCH',
        path: `/identity/conditionalAccess/policies/${ID}`,
        what: 'turn a Conditional Access policy off, only if the admin approves',
        notLeastBecause:
          "Microsoft's data marks the read permissions Policy.Read.All and Application.Read.All least here: the Update conditionalAccessPolicy page lists them together with Policy.ReadWrite.ConditionalAccess, and a read permission changes nothing: https://learn.microsoft.com/graph/api/conditionalaccesspolicy-update",
      },
    ],
    noNarrower: 'None: the only permission that changes Conditional Access policies.',
  },
  {
    scope: 'Policy.ReadWrite.SecurityDefaults',
    neededBy: [{ method: 'PATCH', path: '/policies/identitySecurityDefaultsEnforcementPolicy', what: 'turn security defaults off, only if the admin approves' }],
    noNarrower: 'None: the least privileged write (Policy.ReadWrite.ConditionalAccess also allows it, and more); it needs Policy.Read.All beside it.',
  },
  {
    scope: 'Policy.ReadWrite.AuthenticationMethod',
    neededBy: [{ method: 'PATCH', path: `/beta/users/${ID}/authentication/requirements`, what: "turn a user's per-user MFA off (beta API)" }],
    noNarrower: 'None: the only permission that changes per-user MFA state.',
  },
];
