import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { declaredGraphScopes } from '../../graph-reference/declared-scopes';
import { graphScopeIdForName, graphScopeNameForId } from '../../graph-reference/permission-ids';
import { grantAllows, permissionsForRequest } from '../../graph-reference/permissions';
import { withCloudValues } from '../../scripts/app-package';
import { CLOUD_PROFILES, CLOUDS } from '../../src/config';
import { AZURE_SERVICE_MANAGEMENT_APP_ID, USER_IMPERSONATION_SCOPE_ID } from '../../src/azure';
import { DECLARED_SCOPE_NEEDS } from './declared-scope-needs';
import { fillToolkitPlaceholders, isUuid, loadToolkitNameTable, readToolkitFile, resolveRequiredResourceAccess, toolkitManifestWarnings } from './toolkit-rules';

const ROOT = join(__dirname, '..', '..');
const MICROSOFT_GRAPH = '00000003-0000-0000-c000-000000000000';
const TEAMS_CLIENTS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];

type Manifest = Record<string, unknown> & {
  identifierUris: string[];
  signInAudience: string;
  api: { oauth2PermissionScopes: Array<{ id: string; value: string; type: string; isEnabled: boolean }>; preAuthorizedApplications: Array<{ appId: string; delegatedPermissionIds: string[] }> };
  web: { redirectUris: string[] };
  requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
};

const text = (): string => readFileSync(join(ROOT, 'aad.manifest.json'), 'utf8');
const manifest = (): Manifest => JSON.parse(text()) as Manifest;
/** The Microsoft Graph entry of requiredResourceAccess (other APIs may have entries of their own). */
const graphAccess = (m: Manifest): Array<{ id: string; type: string }> => m.requiredResourceAccess.find((r) => r.resourceAppId === 'Microsoft Graph' || r.resourceAppId === MICROSOFT_GRAPH)!.resourceAccess;
const table = loadToolkitNameTable();

describe("aad.manifest.json, by the Agents Toolkit's rules", () => {
  it("resolves every permission the way aadApp/update does: names through the Toolkit's table, ids passed through", () => {
    const resolved = resolveRequiredResourceAccess(manifest(), table);
    expect(resolved.filter((r) => r.resourceAppId === MICROSOFT_GRAPH)).toHaveLength(graphAccess(manifest()).length);
    for (const access of resolved) expect(isUuid(access.id)).toBe(true);
  });

  it("would be refused with the Toolkit's UnknownResourceAccessId for a name missing from its table, which is why two scopes are given as ids", () => {
    const planted = manifest();
    graphAccess(planted).push({ id: 'User.DeleteRestore.All', type: 'Scope' });
    expect(() => resolveRequiredResourceAccess(planted, table)).toThrow('UnknownResourceAccessId: User.DeleteRestore.All');
    const wrongType = manifest();
    graphAccess(wrongType)[0].type = 'Delegated';
    expect(() => resolveRequiredResourceAccess(wrongType, table)).toThrow('UnknownResourceAccessType: Delegated');
    const wrongResource = manifest();
    wrongResource.requiredResourceAccess.find((r) => r.resourceAppId === 'Microsoft Graph')!.resourceAppId = 'Microsoft Graf';
    expect(() => resolveRequiredResourceAccess(wrongResource, table)).toThrow('UnknownResourceAppId: Microsoft Graf');
  });

  it("gives an id exactly where the Toolkit's table has no name, and every id is Microsoft's (the vendored provisioningInfo.json)", () => {
    for (const access of graphAccess(manifest())) {
      if (!isUuid(access.id)) continue;
      const name = graphScopeNameForId(access.id);
      expect({ id: access.id, name }).toEqual({ id: access.id, name: expect.any(String) });
      expect({ name, inToolkitTable: table.scopeId(MICROSOFT_GRAPH, name!) !== undefined }).toEqual({ name, inToolkitTable: false });
    }
    const byId = graphAccess(manifest())
      .filter((a) => isUuid(a.id))
      .map((a) => graphScopeNameForId(a.id));
    expect(byId.sort()).toEqual(['Policy.ReadWrite.SecurityDefaults', 'User.DeleteRestore.All']);
  });

  it("agrees with Microsoft's data on the id of every scope given by name (two Microsoft sources, one answer)", () => {
    for (const access of resolveRequiredResourceAccess(manifest(), table).filter((a) => a.resourceAppId === MICROSOFT_GRAPH && !isUuid(a.given))) {
      expect({ name: access.given, id: access.id }).toEqual({ name: access.given, id: graphScopeIdForName(access.given) });
    }
  });

  it('refuses an id Microsoft does not publish as a delegated Graph permission (a typo, or an application permission)', () => {
    const typo = manifest();
    graphAccess(typo).push({ id: '4bb440cd-2cf2-4f90-8004-aa2acd2537c6', type: 'Scope' });
    expect(() => declaredGraphScopes(undefined, typo)).toThrow(/4bb440cd-2cf2-4f90-8004-aa2acd2537c6 is not in Microsoft's published permission data/);
    const applicationPermission = manifest();
    graphAccess(applicationPermission).push({ id: 'eccc023d-eccf-4e7b-9683-8813ab36cecc', type: 'Scope' }); // User.DeleteRestore.All, Application
    expect(() => declaredGraphScopes(undefined, applicationPermission)).toThrow(/eccc023d/);
  });

  it('has nothing the Toolkit would warn about (name, audience, exposed scope, pre-authorized clients, v2 tokens, idtyp claim)', () => {
    expect(toolkitManifestWarnings(manifest())).toEqual([]);
    const bare = manifest();
    delete bare.optionalClaims;
    (bare.api as { requestedAccessTokenVersion?: number }).requestedAccessTokenVersion = 1;
    expect(toolkitManifestWarnings(bare)).toEqual(['AccessTokenAcceptedVersionIs1', 'OptionalClaimsIsMissing']);
  });

  it("keeps the shape of the Toolkit's bot SSO manifest, with its access_as_user scope", () => {
    const template = JSON.parse(readToolkitFile('bot-aad.manifest.template.json')) as Manifest;
    expect(Object.keys(manifest()).sort()).toEqual(Object.keys(template).sort());
    expect(manifest().api.oauth2PermissionScopes).toEqual(template.api.oauth2PermissionScopes);
    expect(manifest().optionalClaims).toEqual(template.optionalClaims);
  });
});

describe('aad.manifest.json, the registration Teams SSO needs for every customer tenant', () => {
  it('serves every organization (multi-tenant) and exposes access_as_user to the Teams clients only', () => {
    const m = manifest();
    expect(m.signInAudience).toBe('AzureADMultipleOrgs');
    expect(m.api.oauth2PermissionScopes.map((s) => [s.value, s.id, s.isEnabled])).toEqual([['access_as_user', '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}', true]]);
    expect(m.api.preAuthorizedApplications).toEqual(TEAMS_CLIENTS.map((appId) => ({ appId, delegatedPermissionIds: ['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}'] })));
  });

  it("is named by the Teams app's webApplicationInfo and the OAuth connection: its id, and an identifier URI that carries the bot's id", () => {
    const teams = JSON.parse(readFileSync(join(ROOT, 'appPackage', 'manifest.json'), 'utf8')) as { bots: Array<{ botId: string }>; webApplicationInfo: { id: string; resource: string } };
    expect(teams.webApplicationInfo.id).toBe(manifest().appId);
    expect(manifest().identifierUris).toEqual([teams.webApplicationInfo.resource]);
    expect(teams.webApplicationInfo.resource).toBe(`api://botid-${teams.bots[0].botId}`);
    const bicep = readFileSync(join(ROOT, 'infra', 'azure.bicep'), 'utf8');
    expect(bicep).toContain('output BOT_ID string = identity.properties.clientId');
    expect(bicep).toContain("{ key: 'tokenExchangeUrl', value: 'api://botid-${identity.properties.clientId}' }");
    expect(bicep).toContain("scopes: 'api://botid-${identity.properties.clientId}/access_as_user'");
    expect(bicep).toMatch(/connections@[\d-]+' = \{\s+parent: bot\s+name: ssoConnectionName[\s\S]*?clientId: graphClientId\s+clientSecret: graphClientSecret/);
  });

  it.each(CLOUDS)('redirects to the Bot Framework token service of CLOUD=%s, with the value env/ gives for it', (cloud) => {
    const values = withCloudValues({ CLOUD: cloud, BOT_ID: 'b', AAD_APP_CLIENT_ID: 'a', AAD_APP_OBJECT_ID: 'o', AAD_APP_ACCESS_AS_USER_PERMISSION_ID: 'p', APP_NAME_SUFFIX: '' });
    const filled = JSON.parse(fillToolkitPlaceholders(text(), values)) as Manifest;
    expect(filled.web.redirectUris.map((u) => u.toLowerCase())).toEqual([CLOUD_PROFILES[cloud].botFramework.oAuthRedirectUrl.toLowerCase()]);
  });
});

describe('aad.manifest.json declares the delegated Microsoft Graph scopes the bot needs, and no other', () => {
  const declared = declaredGraphScopes();

  it('declares only delegated scopes (no application permissions), each once', () => {
    for (const access of graphAccess(manifest())) expect(access.type).toBe('Scope');
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('declares exactly the scopes of the justification table, which the README lists too', () => {
    expect([...declared].sort()).toEqual(DECLARED_SCOPE_NEEDS.map((n) => n.scope).sort());
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Microsoft Graph permissions') + 1);
    const end = Math.min(...['\n## ', '\n### '].map((h) => section.indexOf(h)).filter((i) => i >= 0));
    const listed = [...section.slice(0, end).matchAll(/^\| `([A-Za-z.]+)`/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...declared].sort());
  });

  describe.each(DECLARED_SCOPE_NEEDS.map((n) => [n.scope, n] as const))('%s', (_scope, need) => {
    it.each(need.neededBy.map((r) => [`${r.method} ${r.path}`, r] as const))("is one Microsoft's data allows for %s", (_request, request) => {
      const allowing = permissionsForRequest(request.method, request.path, 'DelegatedWork');
      expect(allowing).toBeDefined();
      if (request.byDocumentedCondition) {
        expect(allowing!.notes).toContain(need.scope);
      } else {
        const entry = allowing!.allowedBy.find((p) => p.name === need.scope);
        expect({ scope: need.scope, allowedBy: entry?.name }).toEqual({ scope: need.scope, allowedBy: need.scope });
        for (const other of entry!.alsoRequires) expect(declared).toContain(other);
      }
      // Where the data marks another permission least, the row says why this one, citing the API page.
      const markedLeast = allowing!.allowedBy.filter((p) => p.least).map((p) => p.name);
      const isLeast = !request.byDocumentedCondition && markedLeast.includes(need.scope);
      expect({ isLeast, reason: request.notLeastBecause !== undefined }).toEqual({ isLeast, reason: !isLeast });
      if (request.notLeastBecause) expect(request.notLeastBecause).toMatch(/https:\/\/learn\.microsoft\.com\//);
      expect(grantAllows(request.method, request.path, 'DelegatedWork', new Set(declared))).toBe('allowed');
    });
  });
});

describe("aad.manifest.json declares Azure Resource Manager's delegated access for Step 5's Azure subscriptions, and nothing more", () => {
  it("asks, besides Microsoft Graph, only Azure Service Management's user_impersonation, by id (the Toolkit's table has no name for it)", () => {
    const others = manifest().requiredResourceAccess.filter((r) => r.resourceAppId !== 'Microsoft Graph' && r.resourceAppId !== MICROSOFT_GRAPH);
    expect(others).toEqual([{ resourceAppId: AZURE_SERVICE_MANAGEMENT_APP_ID, resourceAccess: [{ id: USER_IMPERSONATION_SCOPE_ID, type: 'Scope' }] }]);
    expect(table.appIdOf('Azure Service Management')).toBeUndefined();
    expect(resolveRequiredResourceAccess(manifest(), table)).toContainEqual({ resourceAppId: AZURE_SERVICE_MANAGEMENT_APP_ID, type: 'Scope', given: USER_IMPERSONATION_SCOPE_ID, id: USER_IMPERSONATION_SCOPE_ID });
  });

  it("is listed in the README's permissions, with what it is for", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/\| Azure Service Management `user_impersonation` \| `41094075-9dad-400e-a0bd-54e686782033` \|/);
  });
});
