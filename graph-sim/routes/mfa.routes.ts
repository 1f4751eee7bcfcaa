import { requireRole } from '../rules/authorization';
import { PerUserMfaState } from '../directory/model';
import { badRequest, notFound } from '../http/graph-error';
import { bodyObject, RequestContext } from '../http/request-context';
import { Route } from '../http/router';
import { json, noContent } from '../http/sim-response';

const STATES: readonly PerUserMfaState[] = ['disabled', 'enforced', 'enabled'];

function user(ctx: RequestContext) {
  const found = ctx.tenant.findUser(ctx.params.id);
  if (!found) throw notFound(ctx.params.id);
  return found;
}

/**
 * graph-api.md §5.1, beta only (v1.0 answers 400 "Resource not found for the segment"): per-user MFA
 * state. Reading needs Global Reader or Authentication Policy Administrator (GA here), writing
 * Authentication Policy Administrator (not modelled: GA). Setting `enabled` for a user who already
 * registered MFA turns it into `enforced`; the simulator treats every user as registered. Disabling
 * the caller's own MFA is allowed but recorded as a violation (§5.1 "Never disable the caller's own MFA").
 */
export const mfaRoutes: Route[] = [
  {
    method: 'GET',
    path: '/users/{id}/authentication/requirements',
    versions: ['beta'],
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, ['globalReader']);
      const target = user(ctx);
      return json({ '@odata.context': `${ctx.baseUrl}/beta/$metadata#users('${target.id}')/authentication/requirements`, perUserMfaState: target.perUserMfaState });
    },
  },
  {
    method: 'PATCH',
    path: '/users/{id}/authentication/requirements',
    versions: ['beta'],
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, []);
      const target = user(ctx);
      const state = bodyObject(ctx).perUserMfaState;
      if (typeof state !== 'string' || !STATES.includes(state as PerUserMfaState)) throw badRequest(`Invalid value for perUserMfaState: '${String(state)}'.`, 'badRequest');
      if (state === 'disabled' && ctx.caller.kind === 'user' && ctx.caller.userId === target.id) {
        ctx.tenant.recordViolation('disable-own-mfa', ctx.caller.userId, target.id, false, 'the caller disabled their own per-user MFA');
      }
      target.perUserMfaState = state === 'enabled' ? 'enforced' : (state as PerUserMfaState);
      return noContent();
    },
  },
];
