/**
 * The Azure Resource Manager operations Step 5 calls, as Microsoft's REST specifications define them
 * (vendor/microsoft/azure-rest-api-specs: Subscriptions_List of Microsoft.Resources 2022-12-01,
 * RoleAssignments_ListForScope of Microsoft.Authorization 2022-04-01). A test checks these against
 * the vendored specifications.
 */
export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

/**
 * The delegated permission the admin's ARM token carries: Azure Service Management (resource appId
 * below, service principal names https://management.azure.com/ and https://management.core.windows.net/),
 * permission `user_impersonation`. aad.manifest.json declares it by id: the Agents Toolkit's name
 * table knows only Microsoft Graph's names.
 */
export const AZURE_SERVICE_MANAGEMENT_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
export const USER_IMPERSONATION_SCOPE_ID = '41094075-9dad-400e-a0bd-54e686782033';
export const ROLE_ASSIGNMENTS_API_VERSION = '2022-04-01';

/** GET /subscriptions: every subscription the caller holds an Azure role on (all of them with elevated access). */
export function subscriptionsPath(): string {
  return `/subscriptions?api-version=${SUBSCRIPTIONS_API_VERSION}`;
}

/**
 * GET /providers/Microsoft.Authorization/roleAssignments at the root scope ("/"): the caller's own
 * assignments there (`atScope()`: at or above the scope; `assignedTo`: the user, groups included).
 * Readable only with elevated access; ARM answers 403 AuthorizationFailed without it.
 */
export function rootRoleAssignmentsPath(userId: string): string {
  const query = new URLSearchParams({ 'api-version': ROLE_ASSIGNMENTS_API_VERSION, $filter: `atScope() and assignedTo('${userId}')` });
  return `/providers/Microsoft.Authorization/roleAssignments?${query.toString()}`;
}

/**
 * Azure's built-in "User Access Administrator" role: what "Elevate access" assigns a Global
 * Administrator at the root scope (learn.microsoft.com/azure/role-based-access-control/elevate-access-global-admin).
 */
export const USER_ACCESS_ADMINISTRATOR_ROLE_ID = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';

/** Subscription of SubscriptionListResult (the properties Step 5 reads). */
export interface ArmSubscription {
  subscriptionId?: string;
  displayName?: string;
  state?: string;
}

/** RoleAssignment of RoleAssignmentListResult (the properties Step 5 reads). */
export interface ArmRoleAssignment {
  properties?: { scope?: string; roleDefinitionId?: string; principalId?: string };
}
