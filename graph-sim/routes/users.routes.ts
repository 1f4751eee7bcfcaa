import { deleteUser } from '../rules/user-rules';
import { notFound } from '../http/graph-error';
import { countResponse, itemResponse, listResponse } from '../http/odata-list';
import { Route } from '../http/router';
import { noContent } from '../http/sim-response';
import { USER_SHAPE, userRow } from './projections';

/** graph-api.md §3.1–3.2: list (paging, $select, $filter, $count), get, count, delete. */
export const usersRoutes: Route[] = [
  {
    method: 'GET',
    path: '/users',
    handle: (ctx) =>
      listResponse(
        ctx,
        ctx.tenant.sortedUsers().map((u) => userRow(u)),
        USER_SHAPE,
      ),
  },
  {
    method: 'GET',
    path: '/users/$count',
    handle: (ctx) =>
      countResponse(
        ctx,
        ctx.tenant.sortedUsers().map((u) => userRow(u)),
      ),
  },
  {
    method: 'GET',
    path: '/users/{id}',
    handle: (ctx) => {
      const user = ctx.tenant.findUser(ctx.params.id);
      if (!user) throw notFound(ctx.params.id);
      return itemResponse(ctx, userRow(user), USER_SHAPE);
    },
  },
  {
    method: 'DELETE',
    path: '/users/{id}',
    handle: (ctx) => {
      deleteUser(ctx.tenant, ctx.caller, ctx.params.id);
      return noContent();
    },
  },
];
