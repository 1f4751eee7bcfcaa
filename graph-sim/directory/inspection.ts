import { PerUserMfaState, SubscriptionStatus } from './model';
import type { Tenant, TenantCounters, Violation } from './tenant';

export interface UserSnapshot {
  id: string;
  displayName: string;
  userPrincipalName: string;
  onPremisesSyncEnabled: boolean | null;
  perUserMfaState: PerUserMfaState;
  roles: string[];
  deletedDateTime?: string;
}

/** The state of one tenant as tests see it, outside the Graph paths (a snapshot; safe to keep). */
export interface Inspection {
  tenantId: string;
  scenario: string;
  /** Simulated now (ISO), moved by `advanceHours`/`advanceDays`. */
  now: string;
  /** Remaining (active) users. */
  users: UserSnapshot[];
  softDeletedUsers: UserSnapshot[];
  /** Successful DELETE /users per user id: any value above 1 means a user was deleted twice. */
  deleteCalls: Record<string, number>;
  purgeCalls: Record<string, number>;
  restoreCalls: Record<string, number>;
  violations: Violation[];
  counters: TenantCounters;
  organization: { syncEnabled: boolean | null; syncDisablePending: boolean };
  subscriptions: Array<{ id: string; skuPartNumber: string; status: SubscriptionStatus; isTrial: boolean; markedForDeletion: boolean; nextLifecycleDateTime: string | null }>;
  securityDefaultsEnabled: boolean;
  conditionalAccessPolicies: Array<{ id: string; displayName: string; state: string }>;
  applications: Array<{ id: string; displayName: string }>;
  servicePrincipals: Array<{ id: string; displayName: string; appOwnerOrganizationId: string }>;
  globalAdminIds: string[];
}

export function inspectTenant(tenant: Tenant): Inspection {
  tenant.tick();
  const roleNames = (id: string) => tenant.rolesOf(id).map((r) => r.displayName);
  const snap = (u: { id: string; displayName: string; userPrincipalName: string; onPremisesSyncEnabled: boolean | null; perUserMfaState: PerUserMfaState; deletedDateTime?: string }): UserSnapshot => ({
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    onPremisesSyncEnabled: u.onPremisesSyncEnabled,
    perUserMfaState: u.perUserMfaState,
    roles: roleNames(u.id),
    ...(u.deletedDateTime ? { deletedDateTime: u.deletedDateTime } : {}),
  });
  const s = tenant.state;
  return {
    tenantId: tenant.id,
    scenario: s.scenario,
    now: new Date(tenant.now()).toISOString(),
    users: tenant.sortedUsers().map(snap),
    softDeletedUsers: [...s.deleted.values()].map(snap),
    deleteCalls: Object.fromEntries(tenant.deleteCalls),
    purgeCalls: Object.fromEntries(tenant.purgeCalls),
    restoreCalls: Object.fromEntries(tenant.restoreCalls),
    violations: tenant.violations.map((v) => ({ ...v })),
    counters: { ...tenant.counters },
    organization: { syncEnabled: s.org.onPremisesSyncEnabled, syncDisablePending: tenant.syncDisableDueAt !== null },
    subscriptions: s.subscriptions.map(({ id, skuPartNumber, status, isTrial, markedForDeletion, nextLifecycleDateTime }) => ({ id, skuPartNumber, status, isTrial, markedForDeletion, nextLifecycleDateTime })),
    securityDefaultsEnabled: s.securityDefaultsEnabled,
    conditionalAccessPolicies: s.caPolicies.map(({ id, displayName, state }) => ({ id, displayName, state })),
    applications: [...s.applications.values()].map(({ id, displayName }) => ({ id, displayName })),
    servicePrincipals: [...s.servicePrincipals.values()].map(({ id, displayName, appOwnerOrganizationId }) => ({ id, displayName, appOwnerOrganizationId })),
    globalAdminIds: tenant.activeGlobalAdminIds(),
  };
}
