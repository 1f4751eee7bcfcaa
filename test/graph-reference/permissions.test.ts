import { grantAllows, isKnownPermission, permissionsForRequest } from '../../graph-reference/permissions';

describe("Microsoft's permission data, as the project reads it", () => {
  it('finds what allows a request by template, with the least-privileged marks', () => {
    const del = permissionsForRequest('DELETE', '/v1.0/users/3f2c0d1e-0000-4000-8000-000000000001', 'DelegatedWork');
    expect(del?.source).toBe('permissions.json');
    expect(del?.allowedBy.find((p) => p.name === 'User.DeleteRestore.All')?.least).toBe(true);
    expect(del?.notes).toMatch(/Directory\.AccessAsUser\.All/);
  });

  it('looks a cast segment up under the path without the cast', () => {
    const roles = permissionsForRequest('GET', '/users/abc/transitiveMemberOf/microsoft.graph.directoryRole?$count=true', 'DelegatedWork');
    expect(roles?.template).toBe('/users/{id}/transitivememberof');
    expect(roles?.allowedBy.map((p) => p.name)).toContain('User.Read');
  });

  it('honours AlsoRequires: security defaults need Policy.Read.All beside Policy.ReadWrite.SecurityDefaults', () => {
    const path = '/policies/identitySecurityDefaultsEnforcementPolicy';
    expect(grantAllows('PATCH', path, 'DelegatedWork', new Set(['Policy.ReadWrite.SecurityDefaults']))).toBe('denied');
    expect(grantAllows('PATCH', path, 'DelegatedWork', new Set(['Policy.ReadWrite.SecurityDefaults', 'Policy.Read.All']))).toBe('allowed');
  });

  it('never lets a placeholder stand for $count: /users/$count comes from the documented table', () => {
    const count = permissionsForRequest('GET', '/users/$count', 'DelegatedWork');
    expect(count?.source).toBe('documented');
    expect(count?.citation).toMatch(/user-list/);
  });

  it('matches key segments by parameter name', () => {
    const role = permissionsForRequest('GET', "/directoryRoles(roleTemplateId='62e90394-69f5-4237-9190-012177145e10')", 'DelegatedWork');
    // Microsoft's data marks Directory.Read.All least here; RoleManagement.Read.Directory allows it too.
    expect(role?.template).toBe('/directoryroles(roletemplateid={value})');
    expect(role?.allowedBy.map((p) => p.name)).toContain('RoleManagement.Read.Directory');
    expect(role?.allowedBy.map((p) => p.name)).not.toContain('User.Read');
  });

  it('says unknown for a request nobody lists, and denied for a grant that lacks the scope', () => {
    expect(grantAllows('GET', '/users/abc/notARealThing', 'DelegatedWork', new Set(['Directory.Read.All']))).toBe('unknown');
    expect(grantAllows('GET', '/identity/conditionalAccess/policies', 'DelegatedWork', new Set(['User.Read.All']))).toBe('denied');
    expect(isKnownPermission('User.DeleteRestore.All')).toBe(true);
    expect(isKnownPermission('User.DeleteEverything.All')).toBe(false);
  });
});
