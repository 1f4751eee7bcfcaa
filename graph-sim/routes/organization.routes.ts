import { setDirectorySync } from '../rules/sync-rules';
import { badRequest, notFound } from '../http/graph-error';
import { itemResponse, listResponse } from '../http/odata-list';
import { bodyObject, RequestContext } from '../http/request-context';
import { Route } from '../http/router';
import { noContent } from '../http/sim-response';
import type { Row } from '../http/odata-filter';
import { shapeOf } from './projections';

const ORG_FIELDS = ['id', 'displayName', 'tenantType', 'createdDateTime', 'countryLetterCode', 'verifiedDomains', 'onPremisesSyncEnabled', 'onPremisesLastSyncDateTime', 'assignedPlans', 'provisionedPlans'];
const ORG_SHAPE = shapeOf('organization', ORG_FIELDS);
/** Properties a PATCH may carry that the simulator accepts and ignores. */
const IGNORED_PATCH = ['marketingNotificationEmails', 'technicalNotificationMails', 'securityComplianceNotificationMails', 'privacyProfile'];

function orgRow(ctx: RequestContext): Row {
  return { ...ctx.tenant.state.org, assignedPlans: [], provisionedPlans: [] };
}

function checkId(ctx: RequestContext): void {
  if (ctx.params.id.toLowerCase() !== ctx.tenant.id) throw notFound(ctx.params.id);
}

/** graph-api.md §2.1 (a collection of exactly one) and §3.4 (turning sync off). */
export const organizationRoutes: Route[] = [
  { method: 'GET', path: '/organization', handle: (ctx) => listResponse(ctx, [orgRow(ctx)], ORG_SHAPE) },
  {
    method: 'GET',
    path: '/organization/{id}',
    handle: (ctx) => {
      checkId(ctx);
      return itemResponse(ctx, orgRow(ctx), ORG_SHAPE);
    },
  },
  {
    method: 'PATCH',
    path: '/organization/{id}',
    handle: (ctx) => {
      checkId(ctx);
      const body = bodyObject(ctx);
      for (const key of Object.keys(body)) {
        if (key !== 'onPremisesSyncEnabled' && !IGNORED_PATCH.includes(key)) throw badRequest(`Property '${key}' is read-only or unknown on organization.`);
      }
      if ('onPremisesSyncEnabled' in body) {
        if (typeof body.onPremisesSyncEnabled !== 'boolean') throw badRequest('onPremisesSyncEnabled must be true or false.');
        setDirectorySync(ctx.tenant, ctx.caller, body.onPremisesSyncEnabled);
      }
      return noContent();
    },
  },
];
