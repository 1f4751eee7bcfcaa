import { ROLE_TEMPLATES, RoleName, SimSubscription, SimUser } from './model';
import { addEligibility, addGroup } from './role-groups';
import { DELETE_TO_DEPROVISIONED_HOURS, DISABLED_DAYS } from './subscription-lifecycle';
import { DAY_MS, HOUR_MS, Tenant } from './tenant';
import { deterministicGuid } from '../support/ids';

/** The admin-center actions Graph cannot do (graph-api.md §0, §4.4), for tests and the demo. */
export interface AdminCenter {
  /** Billing > Your products > Cancel: Enabled or Warning → Suspended ("Disabled"), Deprovisioned after 30 days. */
  cancelSubscription(id: string): void;
  /** Delete a disabled subscription: marked for deletion, status Deleted (Deprovisioned) 72 simulated hours later (§4.3). */
  deleteSubscription(id: string): void;
  /** Undo a delete within the 72 hours (§4.3: "it can be reactivated during those 3 days"). */
  reactivateSubscription(id: string): void;
  advanceHours(hours: number): void;
  advanceDays(days: number): void;
  /** Finishes a pending sync deactivation now (as if the up-to-72 h had passed). */
  completeSyncDisable(): void;
  /** Replaces the user's directory roles. */
  setUserRoles(userId: string, roles: RoleName[]): void;
  /** Removes Global Administrator from the user (keeps other roles). */
  demote(userId: string): void;
  addUser(user: { displayName: string; upnLocal?: string; id?: string; roles?: RoleName[]; synced?: boolean }): SimUser;
  /**
   * Enterprise applications > the bot > Permissions > Grant admin consent: the delegated Graph
   * scopes consented for the bot in this tenant (null: consent revoked, or never given).
   */
  setAdminConsent(scopes: readonly string[] | null): void;
  /** Creates a role-assignable group holding `roles`, with `memberIds` as members; returns its id. */
  addRoleAssignableGroup(group: { displayName: string; roles: RoleName[]; memberIds: string[] }): string;
  /** PIM: makes the user eligible for a role (not active: the role is held only once activated). */
  addRoleEligibility(userId: string, role: RoleName): void;
  /** PIM: activates an eligible role (an active assignment for the user; the eligibility stays). */
  activateRole(userId: string, role: RoleName): void;
}

export function adminCenterFor(tenant: Tenant): AdminCenter {
  const sub = (id: string): SimSubscription => {
    tenant.tick();
    const found = tenant.state.subscriptions.find((s) => s.id === id.toLowerCase() || s.skuPartNumber === id);
    if (!found) throw new Error(`No subscription "${id}" in tenant ${tenant.id}`);
    return found;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const advance = (ms: number) => {
    if (!(ms >= 0)) throw new Error('Simulated time only moves forward');
    tenant.clockOffsetMs += ms;
    tenant.tick();
  };
  const setRoles = (userId: string, roles: RoleName[]) => {
    const wanted = new Set<string>(roles.map((r) => ROLE_TEMPLATES[r].id));
    for (const role of tenant.state.roles) {
      if (wanted.has(role.roleTemplateId)) role.memberIds.add(userId.toLowerCase());
      else role.memberIds.delete(userId.toLowerCase());
    }
  };
  return {
    cancelSubscription(id) {
      const s = sub(id);
      if (s.status !== 'Enabled' && s.status !== 'Warning') throw new Error(`Subscription ${s.skuPartNumber} is ${s.status}; only an active one can be cancelled`);
      s.status = 'Suspended';
      s.autoRenew = false;
      s.nextLifecycleDateTime = iso(tenant.now() + DISABLED_DAYS * DAY_MS);
    },
    deleteSubscription(id) {
      const s = sub(id);
      if (s.status !== 'Suspended' && s.status !== 'LockedOut') throw new Error(`Subscription ${s.skuPartNumber} is ${s.status}; cancel it before deleting it`);
      s.markedForDeletion = true;
      s.nextLifecycleDateTime = iso(tenant.now() + DELETE_TO_DEPROVISIONED_HOURS * HOUR_MS);
    },
    reactivateSubscription(id) {
      const s = sub(id);
      if (s.status === 'Deleted') throw new Error(`Subscription ${s.skuPartNumber} is already deprovisioned`);
      s.status = 'Enabled';
      s.markedForDeletion = false;
      s.autoRenew = !s.isTrial;
      s.nextLifecycleDateTime = iso(tenant.now() + (s.isTrial ? 30 : 365) * DAY_MS);
    },
    advanceHours: (hours) => advance(hours * HOUR_MS),
    advanceDays: (days) => advance(days * DAY_MS),
    completeSyncDisable: () => tenant.completeSyncDisable(),
    setUserRoles: setRoles,
    demote(userId) {
      tenant.state.roles.find((r) => r.roleTemplateId === ROLE_TEMPLATES.globalAdministrator.id)?.memberIds.delete(userId.toLowerCase());
    },
    addUser(seed) {
      const local = seed.upnLocal ?? seed.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.');
      const domain = tenant.state.org.verifiedDomains.find((d) => d.isDefault)?.name ?? tenant.state.org.verifiedDomains[0].name;
      const synced = seed.synced === true && tenant.state.org.onPremisesSyncEnabled === true;
      const user: SimUser = {
        id: (seed.id ?? deterministicGuid(`${tenant.id}:user:added:${local}`)).toLowerCase(),
        displayName: seed.displayName,
        givenName: seed.displayName.split(' ')[0] ?? null,
        surname: seed.displayName.split(' ').slice(1).join(' ') || null,
        userPrincipalName: `${local}@${domain}`,
        mail: `${local}@${domain}`,
        jobTitle: null,
        userType: 'Member',
        accountEnabled: true,
        onPremisesSyncEnabled: synced ? true : null,
        onPremisesSamAccountName: synced ? local.slice(0, 20) : null,
        onPremisesDistinguishedName: synced ? `CN=${seed.displayName},OU=Users,DC=corp,DC=local` : null,
        assignedLicenses: [],
        perUserMfaState: 'disabled',
        createdDateTime: iso(tenant.now()),
      };
      if (tenant.findUser(user.id) || tenant.findUser(user.userPrincipalName)) throw new Error(`User ${user.userPrincipalName} already exists`);
      tenant.addUser(user);
      if (seed.roles) setRoles(user.id, seed.roles);
      return user;
    },
    setAdminConsent(scopes) {
      tenant.state.adminConsent = scopes === null ? null : new Set(scopes);
    },
    addRoleAssignableGroup: (group) => addGroup(tenant.state, { ...group, isAssignableToRole: true }).id,
    addRoleEligibility(userId, role) {
      tenant.state.entraIdP2 = true;
      addEligibility(tenant.state, userId.toLowerCase(), role, tenant.now());
    },
    activateRole(userId, role) {
      const id = userId.toLowerCase();
      if (!tenant.state.eligibilities.some((e) => e.principalId === id && e.roleDefinitionId === ROLE_TEMPLATES[role].id)) {
        throw new Error(`User ${userId} is not eligible for ${role}`);
      }
      tenant.state.roles.find((r) => r.roleTemplateId === ROLE_TEMPLATES[role].id)?.memberIds.add(id);
    },
  };
}
