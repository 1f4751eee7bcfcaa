import type { SimResponse } from '../sim-response';
import { json } from '../sim-response';
import { newRequestId } from '../../support/ids';
import { armCaller } from './arm-auth';
import { armError } from './arm-error';
import type { AzureTenant, SimAzureSubscription } from '../../directory/azure-tenant';
import type { TokenAuthority } from '../auth';

/** The api-versions this simulated Resource Manager serves: exactly those of the vendored specifications. */
export const ARM_API_VERSIONS = { subscriptions: '2022-12-01', roleAssignments: '2022-04-01' } as const;

/** Azure's built-in User Access Administrator: what "Elevate access" assigns at "/". */
export const USER_ACCESS_ADMINISTRATOR = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';

const PAGE_SIZE = 100;

export interface ArmContext {
  tokens: TokenAuthority;
  /** The tenant's Azure side, or undefined when the simulator has no such tenant. */
  azureOf(tenantId: string): AzureTenant | undefined;
  /** Where this Resource Manager answers (`{simulator}/arm`), for nextLink. */
  baseUrl: string;
}

/**
 * The simulated Azure Resource Manager, under `/arm` of the simulator: GET /subscriptions
 * (Subscriptions_List) and GET /providers/Microsoft.Authorization/roleAssignments at the root scope
 * (RoleAssignments_ListForScope), as strict as Resource Manager: a token for ARM's audience, the
 * api-version required and one the specification defines, ARM's error contract.
 */
export function handleArm(ctx: ArmContext, method: string, path: string, query: URLSearchParams, authorization: string | undefined): SimResponse {
  const requestId = newRequestId();
  const route = path.replace(/\/+$/, '').toLowerCase();
  const version = route === '/subscriptions' ? ARM_API_VERSIONS.subscriptions : route === '/providers/microsoft.authorization/roleassignments' ? ARM_API_VERSIONS.roleAssignments : undefined;
  if (!version) return armError(404, 'InvalidResourceType', `The resource type could not be found for the path '${path}'.`, requestId);
  if (method.toUpperCase() !== 'GET') return armError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed on '${path}'.`, requestId);
  const caller = armCaller(authorization, ctx.tokens);
  if (!caller.ok) return armError(401, caller.code, caller.message, requestId);
  const azure = ctx.azureOf(caller.tenantId);
  // A static token stands for the one Entra would issue now: none without the tenant's consent.
  if (!azure || (caller.static && !azure.consent)) return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', requestId);
  const apiVersion = query.get('api-version');
  if (!apiVersion) return armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.', requestId);
  if (apiVersion !== version) return armError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${version}'.`, requestId);
  const headers = { 'x-ms-request-id': requestId, 'x-ms-correlation-request-id': requestId };
  if (version === ARM_API_VERSIONS.subscriptions) return json(subscriptionsPage(ctx, azure, caller.tenantId, caller.userId, query), 200, headers);
  return roleAssignments(azure, caller.userId, query, requestId, headers);
}

/** What GET /subscriptions shows a user: where they hold an Azure role, or everything with elevated access. */
function subscriptionsPage(ctx: ArmContext, azure: AzureTenant, tenantId: string, userId: string, query: URLSearchParams): object {
  const visible = azure.subscriptions.filter((s) => azure.elevated.has(userId) || s.roleHolders.has(userId));
  const skip = Math.max(0, Number.parseInt(query.get('$skiptoken') ?? '0', 10) || 0);
  const page = visible.slice(skip, skip + PAGE_SIZE);
  const more = skip + PAGE_SIZE < visible.length;
  return {
    value: page.map((s) => subscriptionJson(s, tenantId)),
    // SubscriptionListResult requires nextLink; the last page carries an empty one.
    nextLink: more ? `${ctx.baseUrl}/subscriptions?api-version=${ARM_API_VERSIONS.subscriptions}&%24skiptoken=${skip + PAGE_SIZE}` : '',
  };
}

function subscriptionJson(s: SimAzureSubscription, tenantId: string): object {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

const FILTER_TERM = /^(atScope\(\)|assignedTo\('([0-9a-fA-F-]{36})'\)|principalId eq '([0-9a-fA-F-]{36})')$/;

/**
 * Role assignments at the root scope "/". Reading there takes elevated access (User Access
 * Administrator at "/"); without it Resource Manager answers 403 AuthorizationFailed. Each elevated
 * admin holds one assignment there.
 */
function roleAssignments(azure: AzureTenant, userId: string, query: URLSearchParams, requestId: string, headers: Record<string, string>): SimResponse {
  const filter = query.get('$filter') ?? '';
  let principal: string | undefined;
  for (const term of filter ? filter.split(/\s+and\s+/i) : []) {
    const match = FILTER_TERM.exec(term.trim());
    if (!match) return armError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' ' or 'assignedTo('{value}')'.`, requestId);
    principal = (match[2] ?? match[3] ?? principal)?.toLowerCase();
  }
  if (!azure.elevated.has(userId)) {
    return armError(
      403,
      'AuthorizationFailed',
      `The client '${userId}' with object id '${userId}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read' over scope '/' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      requestId,
    );
  }
  const holders = [...azure.elevated].filter((id) => principal === undefined || id === principal);
  return json(
    {
      value: holders.map((id) => ({
        id: `/providers/Microsoft.Authorization/roleAssignments/${id}`,
        name: id,
        type: 'Microsoft.Authorization/roleAssignments',
        properties: {
          scope: '/',
          roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${USER_ACCESS_ADMINISTRATOR}`,
          principalId: id,
          principalType: 'User',
          createdOn: azure.elevatedAt.get(id),
          updatedOn: azure.elevatedAt.get(id),
          createdBy: id,
          updatedBy: id,
        },
      })),
    },
    200,
    headers,
  );
}
