import { requireRole } from '../rules/authorization';
import { SimCaPolicy } from '../directory/model';
import { badRequest, notFound } from '../http/graph-error';
import type { Row } from '../http/odata-filter';
import { itemResponse, listResponse } from '../http/odata-list';
import { bodyObject, RequestContext } from '../http/request-context';
import { Route } from '../http/router';
import { json, noContent } from '../http/sim-response';
import { byId, shapeOf } from './projections';

const CA_FIELDS = ['id', 'displayName', 'state', 'createdDateTime', 'modifiedDateTime', 'conditions', 'grantControls', 'sessionControls'];
const CA_SHAPE = shapeOf('identity/conditionalAccess/policies', CA_FIELDS);
const CA_STATES: readonly SimCaPolicy['state'][] = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'];

const STRENGTH_FIELDS = ['id', 'displayName', 'description', 'policyType', 'requirementsSatisfied', 'allowedCombinations', 'createdDateTime', 'modifiedDateTime'];
const STRENGTH_SHAPE = shapeOf('identity/conditionalAccess/authenticationStrength/policies', STRENGTH_FIELDS);

/**
 * A policy as Graph returns it: a required authentication strength comes inline in
 * `grantControls.authenticationStrength` (a contained navigation property, with its own context).
 */
function caRow(ctx: RequestContext, policy: SimCaPolicy): Row {
  const { authenticationStrength: strengthId, ...controls } = policy.grantControls;
  const strength = strengthId ? ctx.tenant.state.authenticationStrengths.find((s) => s.id === strengthId) : undefined;
  const grantControls = {
    ...controls,
    customAuthenticationFactors: [],
    termsOfUse: [],
    ...(strength
      ? {
          'authenticationStrength@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#identity/conditionalAccess/policies('${policy.id}')/grantControls/authenticationStrength/$entity`,
          authenticationStrength: { ...strength },
        }
      : { authenticationStrength: null }),
  };
  return { ...policy, grantControls, modifiedDateTime: null, sessionControls: null };
}

function findPolicy(ctx: RequestContext): SimCaPolicy {
  const policy = ctx.tenant.state.caPolicies.find((p) => p.id === ctx.params.id.toLowerCase());
  if (!policy) throw notFound(ctx.params.id);
  return policy;
}

/**
 * graph-api.md §5.2 (security defaults, GET and PATCH isEnabled → 204) and §5.3 (Conditional Access:
 * list, get, PATCH state → 204). Reads need a reader role (Global Reader here), writes GA or the
 * policy's administrator role (Security Administrator, not modelled: GA).
 */
export const policiesRoutes: Route[] = [
  {
    method: 'GET',
    path: '/policies/identitySecurityDefaultsEnforcementPolicy',
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, ['globalReader']);
      return json({
        '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity`,
        id: '00000000-0000-0000-0000-000000000005',
        displayName: 'Security Defaults',
        description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft.',
        isEnabled: ctx.tenant.state.securityDefaultsEnabled,
      });
    },
  },
  {
    method: 'PATCH',
    path: '/policies/identitySecurityDefaultsEnforcementPolicy',
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, []);
      const { isEnabled } = bodyObject(ctx);
      if (typeof isEnabled !== 'boolean') throw badRequest('isEnabled must be true or false.');
      ctx.tenant.state.securityDefaultsEnabled = isEnabled;
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/identity/conditionalAccess/policies',
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, ['globalReader']);
      return listResponse(
        ctx,
        byId(ctx.tenant.state.caPolicies).map((p) => caRow(ctx, p)),
        CA_SHAPE,
      );
    },
  },
  {
    method: 'GET',
    path: '/identity/conditionalAccess/policies/{id}',
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, ['globalReader']);
      return itemResponse(ctx, caRow(ctx, findPolicy(ctx)), CA_SHAPE);
    },
  },
  {
    method: 'GET',
    path: '/identity/conditionalAccess/authenticationStrength/policies',
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, ['globalReader']);
      return listResponse(ctx, byId(ctx.tenant.state.authenticationStrengths) as unknown as Row[], STRENGTH_SHAPE);
    },
  },
  {
    method: 'PATCH',
    path: '/identity/conditionalAccess/policies/{id}',
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, []);
      const policy = findPolicy(ctx);
      const { state } = bodyObject(ctx);
      if (typeof state !== 'string' || !CA_STATES.includes(state as SimCaPolicy['state'])) throw badRequest(`Invalid value for state: '${String(state)}'.`);
      policy.state = state as SimCaPolicy['state'];
      return noContent();
    },
  },
];
