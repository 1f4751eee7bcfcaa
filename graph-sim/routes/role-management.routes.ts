import type { SimRoleEligibility } from '../directory/model';
import type { Row } from '../http/odata-filter';
import { badRequest } from '../http/graph-error';
import { listResponse } from '../http/odata-list';
import { Route } from '../http/router';
import { byId, shapeOf } from './projections';

const ELIGIBILITY_FIELDS = ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId', 'startDateTime', 'endDateTime', 'memberType', 'roleEligibilityScheduleId'];
const ELIGIBILITY_SHAPE = shapeOf('roleManagement/directory/roleEligibilityScheduleInstances', ELIGIBILITY_FIELDS);

function eligibilityRow(e: SimRoleEligibility): Row {
  return {
    id: e.id,
    principalId: e.principalId,
    // For built-in roles the role definition id is the role template id.
    roleDefinitionId: e.roleDefinitionId,
    directoryScopeId: '/',
    appScopeId: null,
    startDateTime: e.startDateTime,
    endDateTime: e.endDateTime,
    memberType: 'Direct',
    roleEligibilityScheduleId: e.id,
  };
}

/**
 * PIM eligibilities (https://learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityscheduleinstances):
 * `$filter` on `principalId` / `roleDefinitionId` with `eq` and `and`. A tenant without Entra ID P2
 * (or Governance) answers 400 AadPremiumLicenseRequired, as a real one does (reported in
 * maester365/maester#1421 with the service's message).
 */
export const roleManagementRoutes: Route[] = [
  {
    method: 'GET',
    path: '/roleManagement/directory/roleEligibilityScheduleInstances',
    handle: (ctx) => {
      if (!ctx.tenant.state.entraIdP2) throw badRequest('The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.', 'AadPremiumLicenseRequired');
      return listResponse(ctx, byId(ctx.tenant.state.eligibilities).map(eligibilityRow), ELIGIBILITY_SHAPE);
    },
  },
];
