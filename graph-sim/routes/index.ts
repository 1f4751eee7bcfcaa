import { Route } from '../http/router';
import { applicationsRoutes } from './applications.routes';
import { deletedItemsRoutes } from './deleted-items.routes';
import { directoryRolesRoutes } from './directory-roles.routes';
import { memberOfRoutes } from './member-of.routes';
import { mfaRoutes } from './mfa.routes';
import { organizationRoutes } from './organization.routes';
import { policiesRoutes } from './policies.routes';
import { roleManagementRoutes } from './role-management.routes';
import { subscriptionsRoutes } from './subscriptions.routes';
import { usersRoutes } from './users.routes';

/** Every Graph path the simulator serves. `/$batch` is handled by the server itself. */
export const ALL_ROUTES: readonly Route[] = [
  ...organizationRoutes,
  ...usersRoutes,
  ...memberOfRoutes,
  ...directoryRolesRoutes,
  ...roleManagementRoutes,
  ...subscriptionsRoutes,
  ...deletedItemsRoutes,
  ...mfaRoutes,
  ...policiesRoutes,
  ...applicationsRoutes,
];
