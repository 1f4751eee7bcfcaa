import { isGlobalAdminRole, requireRole } from '../rules/authorization';
import { badRequest, notFound } from '../http/graph-error';
import { itemResponse, listResponse } from '../http/odata-list';
import { RequestContext } from '../http/request-context';
import { Route } from '../http/router';
import { noContent } from '../http/sim-response';
import { byId, ROLE_SHAPE, roleRow, USER_SHAPE, userRow } from './projections';

/**
 * A role by object id, or by template id through Graph's alternate key
 * `directoryRoles(roleTemplateId='…')` (https://learn.microsoft.com/graph/api/directoryrole-get),
 * which the dispatcher hands over as `directoryRoles(roleTemplateId)/{templateId}`.
 */
function findRole(ctx: RequestContext) {
  const byTemplate = ctx.segments[0] === 'directoryRoles(roleTemplateId)';
  const key = byTemplate ? ctx.params.templateId : ctx.params.id;
  const role = ctx.tenant.state.roles.find((r) => (byTemplate ? r.roleTemplateId === key.toLowerCase() : r.id === key.toLowerCase()));
  if (!role) throw notFound(key);
  return role;
}

function listMembers(ctx: RequestContext) {
  const role = findRole(ctx);
  const members = ctx.tenant.sortedUsers().filter((u) => role.memberIds.has(u.id));
  return listResponse(
    ctx,
    members.map((u) => userRow(u, true)),
    { ...USER_SHAPE, contextName: 'directoryObjects' },
  );
}

export const directoryRolesRoutes: Route[] = [
  {
    method: 'GET',
    path: '/directoryRoles',
    handle: (ctx) =>
      listResponse(
        ctx,
        byId(ctx.tenant.state.roles).map((r) => roleRow(r)),
        ROLE_SHAPE,
      ),
  },
  { method: 'GET', path: '/directoryRoles/{id}', handle: (ctx) => itemResponse(ctx, roleRow(findRole(ctx)), ROLE_SHAPE) },
  { method: 'GET', path: '/directoryRoles(roleTemplateId)/{templateId}', handle: (ctx) => itemResponse(ctx, roleRow(findRole(ctx)), ROLE_SHAPE) },
  { method: 'GET', path: '/directoryRoles/{id}/members', handle: listMembers },
  { method: 'GET', path: '/directoryRoles(roleTemplateId)/{templateId}/members', handle: listMembers },
  {
    // Role removal: "Removing self from Global Administrator built-in role is not allowed" (graph-api.md §3.2, §9).
    method: 'DELETE',
    path: '/directoryRoles/{id}/members/{memberId}/$ref',
    handle: (ctx) => {
      const role = findRole(ctx);
      requireRole(ctx.tenant, ctx.caller, ['privilegedAuthenticationAdministrator']);
      const memberId = ctx.params.memberId.toLowerCase();
      if (!role.memberIds.has(memberId)) throw notFound(memberId);
      if (isGlobalAdminRole(role.roleTemplateId) && ctx.caller.kind === 'user' && ctx.caller.userId === memberId) {
        throw badRequest('Removing self from Global Administrator built-in role is not allowed');
      }
      role.memberIds.delete(memberId);
      return noContent();
    },
  },
];
