import { requireRole } from '../rules/authorization';
import { badRequest, notFound } from '../http/graph-error';
import { countResponse, itemResponse, listResponse } from '../http/odata-list';
import { bodyObject, RequestContext } from '../http/request-context';
import { Route } from '../http/router';
import { noContent } from '../http/sim-response';
import type { Row } from '../http/odata-filter';
import { byId, shapeOf } from './projections';

const APP_SHAPE = shapeOf('applications', ['id', 'appId', 'displayName', 'signInAudience', 'createdDateTime']);
const SP_SHAPE = shapeOf('servicePrincipals', ['id', 'appId', 'displayName', 'appOwnerOrganizationId', 'servicePrincipalType', 'accountEnabled']);

function rows<T extends { id: string }>(map: Map<string, T>): Row[] {
  return byId(map.values()).map((item) => ({ ...item }));
}

function lookup<T>(map: Map<string, T>, ctx: RequestContext): T {
  const found = map.get(ctx.params.id.toLowerCase());
  if (!found) throw notFound(ctx.params.id);
  return found;
}

/**
 * graph-api.md §6.1: app registrations and service principals block tenant deletion. GET, DELETE
 * (Application.ReadWrite.All; delegated: GA here), and PATCH accountEnabled on service principals
 * (the doc's fix for ones that cannot be deleted). Microsoft's first-party service principals have
 * appOwnerOrganizationId f8cdef31-… (⚠️ community-sourced).
 */
export const applicationsRoutes: Route[] = [
  { method: 'GET', path: '/applications', handle: (ctx) => listResponse(ctx, rows(ctx.tenant.state.applications), APP_SHAPE) },
  { method: 'GET', path: '/applications/$count', handle: (ctx) => countResponse(ctx, rows(ctx.tenant.state.applications)) },
  { method: 'GET', path: '/applications/{id}', handle: (ctx) => itemResponse(ctx, { ...lookup(ctx.tenant.state.applications, ctx) }, APP_SHAPE) },
  {
    method: 'DELETE',
    path: '/applications/{id}',
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, []);
      ctx.tenant.state.applications.delete(lookup(ctx.tenant.state.applications, ctx).id);
      return noContent();
    },
  },
  { method: 'GET', path: '/servicePrincipals', handle: (ctx) => listResponse(ctx, rows(ctx.tenant.state.servicePrincipals), SP_SHAPE) },
  { method: 'GET', path: '/servicePrincipals/$count', handle: (ctx) => countResponse(ctx, rows(ctx.tenant.state.servicePrincipals)) },
  { method: 'GET', path: '/servicePrincipals/{id}', handle: (ctx) => itemResponse(ctx, { ...lookup(ctx.tenant.state.servicePrincipals, ctx) }, SP_SHAPE) },
  {
    method: 'DELETE',
    path: '/servicePrincipals/{id}',
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, []);
      ctx.tenant.state.servicePrincipals.delete(lookup(ctx.tenant.state.servicePrincipals, ctx).id);
      return noContent();
    },
  },
  {
    method: 'PATCH',
    path: '/servicePrincipals/{id}',
    handle: (ctx) => {
      requireRole(ctx.tenant, ctx.caller, []);
      const sp = lookup(ctx.tenant.state.servicePrincipals, ctx);
      const { accountEnabled } = bodyObject(ctx);
      if (typeof accountEnabled !== 'boolean') throw badRequest('Only accountEnabled (true or false) can be changed in the simulator.');
      sp.accountEnabled = accountEnabled;
      return noContent();
    },
  },
];
