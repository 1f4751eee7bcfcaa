import { Route } from '../http/router';
import { directoryRolesRoutes } from './directory-roles.routes';
import { memberOfRoutes } from './member-of.routes';
import { organizationRoutes } from './organization.routes';
import { subscriptionsRoutes } from './subscriptions.routes';
import { usersRoutes } from './users.routes';

/** Every Graph path the simulator serves. `/$batch` is handled by the server itself. */
export const ALL_ROUTES: readonly Route[] = [...organizationRoutes, ...usersRoutes, ...memberOfRoutes, ...directoryRolesRoutes, ...subscriptionsRoutes];
