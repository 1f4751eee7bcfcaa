import { SimSubscription, SubscriptionStatus } from '../directory/model';
import type { Tenant } from '../directory/tenant';
import { notFound } from '../http/graph-error';
import type { Row } from '../http/odata-filter';
import { itemResponse, listResponse } from '../http/odata-list';
import { Route } from '../http/router';
import { byId, shapeOf } from './projections';

const SUB_FIELDS = ['id', 'commerceSubscriptionId', 'createdDateTime', 'isTrial', 'nextLifecycleDateTime', 'ownerId', 'ownerTenantId', 'ownerType', 'serviceStatus', 'skuId', 'skuPartNumber', 'status', 'totalLicenses'];
const SUB_SHAPE = shapeOf('directory/subscriptions', SUB_FIELDS);
const SKU_FIELDS = ['id', 'accountId', 'accountName', 'appliesTo', 'capabilityStatus', 'consumedUnits', 'prepaidUnits', 'servicePlans', 'skuId', 'skuPartNumber'];
const SKU_SHAPE = shapeOf('subscribedSkus', SKU_FIELDS);

/** graph-api.md §4.1: companySubscription (only Get/List exist). */
function subscriptionRow(sub: SimSubscription): Row {
  const provisioning = sub.status === 'Enabled' || sub.status === 'Warning' ? 'Success' : 'Disabled';
  return {
    id: sub.id,
    commerceSubscriptionId: sub.commerceSubscriptionId,
    createdDateTime: sub.createdDateTime,
    isTrial: sub.isTrial,
    nextLifecycleDateTime: sub.nextLifecycleDateTime,
    ownerId: null,
    ownerTenantId: sub.ownerTenantId,
    ownerType: sub.ownerTenantId ? 'Partner' : null,
    serviceStatus: sub.servicePlans.map((p) => ({ ...p, provisioningStatus: provisioning, appliesTo: 'User' })),
    skuId: sub.skuId,
    skuPartNumber: sub.skuPartNumber,
    status: sub.status,
    totalLicenses: sub.totalLicenses,
  };
}

const PRECEDENCE: SubscriptionStatus[] = ['Enabled', 'Warning', 'Suspended', 'LockedOut', 'Deleted'];

/**
 * graph-api.md §4.2: one subscribedSku per SKU over its subscriptions. `capabilityStatus` is the
 * liveliest status among them ("Enabled = at least one prepaid unit enabled"); `prepaidUnits`
 * splits the licenses into enabled / warning / suspended / lockedOut.
 */
function skuRows(tenant: Tenant): Row[] {
  const groups = new Map<string, SimSubscription[]>();
  for (const sub of tenant.state.subscriptions) groups.set(sub.skuId, [...(groups.get(sub.skuId) ?? []), sub]);
  const users = tenant.sortedUsers();
  return [...groups.entries()].map(([skuId, subs]) => {
    const units = (status: SubscriptionStatus) => subs.filter((s) => s.status === status).reduce((n, s) => n + s.totalLicenses, 0);
    const capabilityStatus = PRECEDENCE.find((status) => subs.some((s) => s.status === status)) ?? 'Deleted';
    return {
      id: `${tenant.id}_${skuId}`,
      accountId: tenant.id,
      accountName: tenant.state.org.displayName,
      appliesTo: 'User',
      capabilityStatus,
      consumedUnits: users.filter((u) => u.assignedLicenses.some((l) => l.skuId === skuId)).length,
      prepaidUnits: { enabled: units('Enabled'), warning: units('Warning'), suspended: units('Suspended'), lockedOut: units('LockedOut') },
      servicePlans: subs[0].servicePlans.map((p) => ({ ...p, provisioningStatus: capabilityStatus === 'Enabled' ? 'Success' : 'Disabled', appliesTo: 'User' })),
      skuId,
      skuPartNumber: subs[0].skuPartNumber,
    };
  });
}

export const subscriptionsRoutes: Route[] = [
  { method: 'GET', path: '/directory/subscriptions', handle: (ctx) => listResponse(ctx, byId(ctx.tenant.state.subscriptions).map(subscriptionRow), SUB_SHAPE) },
  {
    method: 'GET',
    path: '/directory/subscriptions/{id}',
    handle: (ctx) => {
      const sub = ctx.tenant.state.subscriptions.find((s) => s.id === ctx.params.id.toLowerCase() || s.commerceSubscriptionId === ctx.params.id.toLowerCase());
      if (!sub) throw notFound(ctx.params.id);
      return itemResponse(ctx, subscriptionRow(sub), SUB_SHAPE);
    },
  },
  {
    method: 'GET',
    path: '/subscribedSkus',
    handle: (ctx) =>
      listResponse(
        ctx,
        skuRows(ctx.tenant).sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1)),
        SKU_SHAPE,
      ),
  },
  {
    method: 'GET',
    path: '/subscribedSkus/{id}',
    handle: (ctx) => {
      const row = skuRows(ctx.tenant).find((r) => r.id === ctx.params.id);
      if (!row) throw notFound(ctx.params.id);
      return itemResponse(ctx, row, SKU_SHAPE);
    },
  },
];
