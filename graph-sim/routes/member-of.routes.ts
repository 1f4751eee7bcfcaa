import { notFound } from '../http/graph-error';
import { listResponse } from '../http/odata-list';
import { RequestContext } from '../http/request-context';
import { Route } from '../http/router';
import { SimResponse } from '../http/sim-response';
import { byId, MEMBER_OF_SHAPE, roleRow } from './projections';

/**
 * graph-api.md §2.2: `memberOf` / `transitiveMemberOf`, plain or cast to `microsoft.graph.directoryRole`
 * (`/me/...` is rewritten to `/users/{caller}/...` before routing). The simulator has no groups, so
 * both list the directory roles the user holds directly.
 */
function memberOf(ctx: RequestContext): SimResponse {
  const user = ctx.tenant.findUser(ctx.params.id);
  if (!user) throw notFound(ctx.params.id);
  return listResponse(ctx, byId(ctx.tenant.rolesOf(user.id)).map((r) => roleRow(r, true)), MEMBER_OF_SHAPE);
}

const CAST = 'microsoft.graph.directoryRole';
export const memberOfRoutes: Route[] = ['memberOf', 'transitiveMemberOf'].flatMap((relation): Route[] => [
  { method: 'GET', path: `/users/{id}/${relation}`, handle: memberOf },
  { method: 'GET', path: `/users/{id}/${relation}/${CAST}`, handle: memberOf },
]);
