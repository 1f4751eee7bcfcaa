import { purgeUser, restoreUser } from '../rules/user-rules';
import { notFound, unknownSegment } from '../http/graph-error';
import { itemResponse, listResponse } from '../http/odata-list';
import { Route } from '../http/router';
import { json, noContent } from '../http/sim-response';
import { byId, DELETED_USER_SHAPE, USER_SHAPE, userRow } from './projections';

const CAST = 'microsoft.graph.user';

/**
 * graph-api.md §3.3: soft-deleted users. The cast segment is required for listing (`GET
 * /directory/deletedItems` alone is unsupported); get, restore (POST .../restore) and permanent
 * delete (204) address the item by id.
 */
export const deletedItemsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/directory/deletedItems',
    refuses: () => unknownSegment('deletedItems'),
    handle: () => {
      throw unknownSegment('deletedItems');
    },
  },
  {
    method: 'GET',
    path: `/directory/deletedItems/${CAST}`,
    handle: (ctx) =>
      listResponse(
        ctx,
        byId(ctx.tenant.state.deleted.values()).map((u) => userRow(u)),
        DELETED_USER_SHAPE,
      ),
  },
  {
    method: 'GET',
    path: '/directory/deletedItems/{id}',
    handle: (ctx) => {
      const user = ctx.tenant.state.deleted.get(ctx.params.id.toLowerCase());
      if (!user) throw notFound(ctx.params.id);
      return itemResponse(ctx, userRow(user, true), { ...DELETED_USER_SHAPE, contextName: 'directoryObjects' });
    },
  },
  {
    method: 'DELETE',
    path: '/directory/deletedItems/{id}',
    handle: (ctx) => {
      purgeUser(ctx.tenant, ctx.caller, ctx.params.id);
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/directory/deletedItems/{id}/restore',
    handle: (ctx) => {
      const user = restoreUser(ctx.tenant, ctx.caller, ctx.params.id);
      return json({ '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#directoryObjects/$entity`, '@odata.type': '#microsoft.graph.user', ...pick(userRow(user), USER_SHAPE.defaults) });
    },
  },
];

function pick(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, row[f] ?? null]));
}
