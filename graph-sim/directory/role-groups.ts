import { deterministicGuid } from '../support/ids';
import { ROLE_TEMPLATES, RoleName, SimGroup } from './model';
import type { TenantState } from './tenant';

/**
 * Adds a group. Entra assigns directory roles only to groups created role-assignable
 * (`isAssignableToRole`, https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept):
 * asking for roles on any other group is a scenario error.
 */
export function addGroup(state: TenantState, group: { displayName: string; isAssignableToRole: boolean; roles?: RoleName[]; memberIds: string[] }): SimGroup {
  if ((group.roles ?? []).length > 0 && !group.isAssignableToRole) {
    throw new Error(`Group "${group.displayName}" holds roles but is not role-assignable; Entra refuses that assignment`);
  }
  const created: SimGroup = {
    id: deterministicGuid(`${state.id}:group:${group.displayName}:${state.groups.filter((g) => g.displayName === group.displayName).length}`),
    displayName: group.displayName,
    isAssignableToRole: group.isAssignableToRole,
    securityEnabled: true,
    mailEnabled: false,
    memberIds: new Set(group.memberIds.map((m) => m.toLowerCase())),
  };
  state.groups.push(created);
  for (const role of group.roles ?? []) state.roles.find((r) => r.roleTemplateId === ROLE_TEMPLATES[role].id)?.memberIds.add(created.id);
  return created;
}

/** PIM eligibility for a user; permanent (no end) like a default eligible assignment. */
export function addEligibility(state: TenantState, principalId: string, role: RoleName, nowMs: number): void {
  const roleDefinitionId = ROLE_TEMPLATES[role].id;
  if (state.eligibilities.some((e) => e.principalId === principalId && e.roleDefinitionId === roleDefinitionId)) return;
  state.eligibilities.push({
    id: deterministicGuid(`${state.id}:eligibility:${principalId}:${roleDefinitionId}`),
    principalId,
    roleDefinitionId,
    startDateTime: new Date(nowMs).toISOString(),
    endDateTime: null,
  });
}
