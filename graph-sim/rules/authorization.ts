import type { Caller } from '../http/auth';
import { denied } from '../http/graph-error';
import { GLOBAL_ADMIN_TEMPLATE_ID, ROLE_TEMPLATES, RoleName } from '../directory/model';
import type { Tenant } from '../directory/tenant';

/**
 * Delegated writes need a directory role (graph-api.md §3.2: User Administrator or Privileged
 * Authentication Administrator to delete users, a higher role for admins; §5.1–5.3 for policies).
 * Global Administrator holds every permission. App-only tokens stand for an app granted every
 * application permission the bot asks for (graph-api.md §11), so they pass this check.
 */
export function requireRole(tenant: Tenant, caller: Caller, roles: readonly RoleName[]): void {
  if (caller.kind === 'app') return;
  if (holdsAny(tenant, caller.userId, ['globalAdministrator', ...roles])) return;
  throw denied();
}

export function holdsAny(tenant: Tenant, userId: string, roles: readonly RoleName[]): boolean {
  const templateIds = new Set<string>(roles.map((r) => ROLE_TEMPLATES[r].id));
  return tenant.rolesOf(userId).some((r) => templateIds.has(r.roleTemplateId));
}

/** Holds any admin role at all ("privileged" for the deletion rules of graph-api.md §3.2). */
export function isPrivileged(tenant: Tenant, userId: string): boolean {
  return tenant.rolesOf(userId).length > 0;
}

export function isGlobalAdminRole(roleTemplateId: string): boolean {
  return roleTemplateId === GLOBAL_ADMIN_TEMPLATE_ID;
}
