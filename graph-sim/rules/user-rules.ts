import type { Caller } from '../http/auth';
import { badRequest, denied, notFound } from '../http/graph-error';
import { holdsAny, isPrivileged } from './authorization';
import { SimUser } from '../directory/model';
import type { Tenant } from '../directory/tenant';

/** graph-api.md §3.2 ⚠️: the service's answer to cloud writes on on-premises mastered objects. */
export const SYNCED_OBJECT_MESSAGE = 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.';

/**
 * `DELETE /users/{id | upn}` with the directory's rules, in the order the service would meet them:
 * 404 when the user is not active (also on a second delete, §3.2/§9); the caller's own account is
 * refused (§3.2 ⚠️, undocumented: we answer 400); the caller needs User Administrator, and a higher
 * role (Global Administrator) to delete an admin, while app-only tokens cannot delete admins at all
 * (§3.2 ✅, 403); a synced user is refused while sync is on or still deactivating (§3.2/§3.4); the
 * last Global Administrator is refused (§9 ⚠️, no documented error: 400). Refusals are recorded
 * as violations. Success soft-deletes the user into deleted items for 30 days (§3.2).
 */
export function deleteUser(tenant: Tenant, caller: Caller, idOrUpn: string): void {
  const user = tenant.findUser(idOrUpn);
  if (!user) throw notFound(idOrUpn);
  const callerId = caller.kind === 'user' ? caller.userId : null;
  const refuse = (kind: Parameters<Tenant['recordViolation']>[0], error: Error, detail: string): never => {
    tenant.recordViolation(kind, callerId, user.id, true, detail);
    throw error;
  };
  if (callerId === user.id) refuse('delete-self', badRequest('The signed-in user cannot delete their own account.'), 'the caller tried to delete their own account');
  const privileged = isPrivileged(tenant, user.id);
  if (caller.kind === 'app' && privileged) {
    refuse('app-only-delete-privileged-admin', denied(), 'app-only tokens cannot delete users holding admin roles');
  }
  // user-delete: "To delete users who have privileged administrator roles in delegated scenarios,
  // the app must be assigned the Directory.AccessAsUser.All delegated permission" (graph-reference's
  // documented table cites the page).
  if (caller.kind === 'user' && privileged && !caller.scopes.has('Directory.AccessAsUser.All')) {
    refuse('delete-admin-without-access-as-user', denied(), 'deleting a user who holds an admin role needs Directory.AccessAsUser.All in delegated mode');
  }
  if (callerId !== null) {
    const mayDelete = privileged
      ? holdsAny(tenant, callerId, ['globalAdministrator', 'privilegedAuthenticationAdministrator'])
      : holdsAny(tenant, callerId, ['globalAdministrator', 'userAdministrator', 'privilegedAuthenticationAdministrator']);
    if (!mayDelete) refuse('delete-without-role', denied(), 'the caller lacks the role needed to delete this user');
  }
  if (user.onPremisesSyncEnabled === true) {
    refuse('write-synced-object-while-sync-on', badRequest(SYNCED_OBJECT_MESSAGE), 'deleting a user mastered on-premises while sync is on');
  }
  if (tenant.isGlobalAdmin(user.id) && tenant.activeGlobalAdminIds().length <= 1) {
    refuse('delete-last-global-admin', badRequest('The last Global Administrator of the organization cannot be deleted.'), 'deleting the last Global Administrator');
  }
  tenant.moveToDeleted(user);
  tenant.deleteCalls.set(user.id, (tenant.deleteCalls.get(user.id) ?? 0) + 1);
}

/** `POST /directory/deletedItems/{id}/restore`: back with its memberships, within 30 days (§3.2). */
export function restoreUser(tenant: Tenant, caller: Caller, id: string): SimUser {
  const user = tenant.state.deleted.get(id.toLowerCase());
  if (!user) throw notFound(id);
  if (caller.kind === 'user' && !holdsAny(tenant, caller.userId, ['globalAdministrator', 'userAdministrator', 'privilegedAuthenticationAdministrator'])) throw denied();
  if (tenant.findUser(user.userPrincipalName)) throw badRequest(`Another object with the same value for property userPrincipalName already exists.`, 'Request_BadRequest');
  tenant.restoreCalls.set(user.id, (tenant.restoreCalls.get(user.id) ?? 0) + 1);
  return tenant.restore(user);
}

/** `DELETE /directory/deletedItems/{id}`: permanent, 204, cannot be undone (§3.3). */
export function purgeUser(tenant: Tenant, caller: Caller, id: string): void {
  const user = tenant.state.deleted.get(id.toLowerCase());
  if (!user) throw notFound(id);
  if (caller.kind === 'user' && !holdsAny(tenant, caller.userId, ['globalAdministrator', 'userAdministrator'])) throw denied();
  tenant.state.deleted.delete(user.id);
  tenant.purgeCalls.set(user.id, (tenant.purgeCalls.get(user.id) ?? 0) + 1);
}
