import type { Caller } from '../http/auth';
import { badRequest } from '../http/graph-error';
import { requireRole } from './authorization';
import { SYNC_DEACTIVATION_MAX_MS, Tenant } from '../directory/tenant';

/**
 * `PATCH /organization/{id} {"onPremisesSyncEnabled": ...}` (graph-api.md §3.4): 204 at once, but
 * turning sync off completes only after `syncDisableDelayMs` (standing for "up to 72 hours"; a
 * simulated 72 h always suffices). Until then the organization and its synced users still read
 * `true`, and synced users cannot be deleted. Deactivation "cannot be canceled", and sync cannot be
 * turned back on for 72 hours after it completes.
 */
export function setDirectorySync(tenant: Tenant, caller: Caller, enabled: boolean): void {
  requireRole(tenant, caller, []);
  const org = tenant.state.org;
  const now = tenant.now();
  if (!enabled) {
    if (org.onPremisesSyncEnabled === true && tenant.syncDisableDueAt === null) {
      tenant.syncDisableDueAt = now + Math.min(tenant.syncDisableDelayMs, SYNC_DEACTIVATION_MAX_MS);
    }
    return;
  }
  if (tenant.syncDisableDueAt !== null) throw badRequest('Directory synchronization is being turned off; the process cannot be canceled.');
  if (tenant.syncDisabledAt !== null && now - tenant.syncDisabledAt < SYNC_DEACTIVATION_MAX_MS) {
    throw badRequest('Directory synchronization was turned off less than 72 hours ago; wait before turning it back on.');
  }
  org.onPremisesSyncEnabled = true;
  org.onPremisesLastSyncDateTime = new Date(now).toISOString();
}
