import type { SimDirectoryRole, SimGroup } from '../directory/model';
import type { Caller } from '../http/auth';
import { notFound } from '../http/graph-error';
import type { Row } from '../http/odata-filter';
import { listResponse } from '../http/odata-list';
import { RequestContext } from '../http/request-context';
import { Route } from '../http/router';
import { scopesAllow } from '../http/scope-check';
import { SimResponse } from '../http/sim-response';
import { byId, groupRow, MEMBER_OF_SHAPE, roleRow } from './projections';

type Relation = 'memberOf' | 'transitiveMemberOf';
type Cast = 'directoryRole' | 'group' | undefined;

/**
 * `memberOf` / `transitiveMemberOf`, plain or cast (`/me/...` is rewritten to `/users/{caller}/...`
 * before routing; casts are advanced queries, checked before this runs). `memberOf` lists the
 * user's groups and the roles assigned to the user itself; `transitiveMemberOf` adds the roles its
 * role-assignable groups hold (https://learn.microsoft.com/graph/api/user-list-transitivememberof).
 * Roles only eligible in PIM are in neither.
 *
 * Limited information (https://learn.microsoft.com/graph/permissions-overview, "Limited information
 * returned for inaccessible member objects"): an object of a type the caller may not read comes
 * back with only `@odata.type` and `id`, every other property null. Whether a delegated caller may
 * read a type is what Microsoft's permission data says of reading such an object
 * (`GET /directoryRoles/{id}`: RoleManagement.Read.Directory, Directory.Read.All, …; `GET
 * /groups/{id}`: GroupMember.Read.All, Group.Read.All, …). App-only callers read everything.
 */
function membership(relation: Relation, cast: Cast) {
  return (ctx: RequestContext): SimResponse => {
    const user = ctx.tenant.findUser(ctx.params.id);
    if (!user) throw notFound(ctx.params.id);
    const groups: SimGroup[] = cast === 'directoryRole' ? [] : ctx.tenant.groupsOf(user.id);
    const roles: SimDirectoryRole[] = cast === 'group' ? [] : relation === 'memberOf' ? ctx.tenant.directRolesOf(user.id) : ctx.tenant.rolesOf(user.id);
    const readsRoles = mayRead(ctx.caller, ctx.version, '/directoryRoles/00000000-0000-0000-0000-000000000000');
    const readsGroups = mayRead(ctx.caller, ctx.version, '/groups/00000000-0000-0000-0000-000000000000');
    const rows: Row[] = [
      ...groups.map((g) => (readsGroups ? groupRow(g) : limited('#microsoft.graph.group', g.id))),
      ...roles.map((r) => (readsRoles ? roleRow(r, true) : limited('#microsoft.graph.directoryRole', r.id))),
    ];
    return listResponse(ctx, byId(rows as Array<Row & { id: string }>), MEMBER_OF_SHAPE);
  };
}

function mayRead(caller: Caller, version: string, path: string): boolean {
  return caller.kind === 'app' || scopesAllow('GET', `/${version}${path}`, caller.scopes);
}

/** Only the type and the id; `$select` projection turns every other property into null. */
function limited(type: string, id: string): Row {
  return { '@odata.type': type, id };
}

export const memberOfRoutes: Route[] = (['memberOf', 'transitiveMemberOf'] as const).flatMap((relation): Route[] => [
  { method: 'GET', path: `/users/{id}/${relation}`, handle: membership(relation, undefined) },
  { method: 'GET', path: `/users/{id}/${relation}/microsoft.graph.directoryRole`, handle: membership(relation, 'directoryRole') },
  { method: 'GET', path: `/users/{id}/${relation}/microsoft.graph.group`, handle: membership(relation, 'group') },
]);
