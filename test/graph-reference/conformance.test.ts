import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BETA_REQUESTS } from '../../graph-reference/beta-requests';
import { conformanceViolations, GraphRequestRecord, Violation, withBatchItems } from '../../graph-reference/conformance';
import { csdlModel, resolvePath, resolveV1Path } from '../../graph-reference/csdl';
import { declaredGraphScopes } from '../../graph-reference/declared-scopes';
import { analyseFilter } from '../../graph-reference/odata-filter';

const granted = new Set(declaredGraphScopes());
const ID = '3f2c0d1e-0000-4000-8000-000000000001';

function get(url: string, headers: Record<string, string> = {}): GraphRequestRecord {
  return { method: 'GET', url, headers };
}

function rules(request: GraphRequestRecord, cloud: 'public' | 'usgov' | 'china' = 'public'): string[] {
  return conformanceViolations(request, { cloud, granted }).map((v: Violation) => v.rule);
}

function kinds(cloud: 'public' | 'china', path: string): string {
  const r = resolveV1Path(cloud, path);
  return r.ok ? r.segments.map((s) => `${s.kind}:${s.type.name.replace('microsoft.graph.', '')}${s.type.collection ? '[]' : ''}`).join(' > ') : `FAIL ${r.reason}`;
}

describe("a request path, resolved against a cloud's v1.0 metadata", () => {
  it('walks entity sets, keys, navigation properties (inherited too), casts and bound actions', () => {
    expect(kinds('public', `/v1.0/users/${ID}/transitiveMemberOf/microsoft.graph.directoryRole`)).toBe('entitySet:user[] > key:user > navigation:directoryObject[] > cast:directoryRole[]');
    expect(kinds('public', '/directory/deletedItems/microsoft.graph.user')).toBe('singleton:directory > navigation:directoryObject[] > cast:user[]');
    expect(kinds('public', `/directory/deletedItems/${ID}/restore`)).toBe('singleton:directory > navigation:directoryObject[] > key:directoryObject > action:directoryObject');
    expect(kinds('public', `/directory/deletedItems/${ID}/microsoft.graph.restore`)).toMatch(/action:directoryObject$/);
    expect(kinds('public', '/users/$count')).toBe('entitySet:user[] > $count:user[]');
    expect(kinds('public', `/users/${ID}/manager/$ref`)).toMatch(/> \$ref:directoryObject$/);
    expect(kinds('public', `/users/${ID}/photo/$value`)).toMatch(/> \$value:profilePhoto$/);
    expect(kinds('public', '/identity/conditionalAccess/policies')).toBe('singleton:identityContainer > navigation:conditionalAccessRoot > navigation:conditionalAccessPolicy[]');
    // The overload bound to the nearest type: user's delta, not directoryObject's.
    expect(kinds('public', '/users/delta()')).toBe('entitySet:user[] > function:user[]');
  });

  it("takes an alternate key as the key's own segment, and only one the type declares", () => {
    expect(kinds('public', "/directoryRoles(roleTemplateId='62e90394-69f5-4237-9190-012177145e10')/members")).toBe('entitySet:directoryRole[] > alternateKey:directoryRole > navigation:directoryObject[]');
    expect(kinds('public', "/directoryRoles('abc')")).toBe('entitySet:directoryRole[] > key:directoryRole');
    expect(kinds('public', "/directoryRoles(displayName='Global Administrator')")).toMatch(/FAIL displayName is not a key of microsoft.graph.directoryRole \(alternate keys: roleTemplateId\)/);
  });

  it('refuses a cast to a type that does not derive from the one the path stands on', () => {
    expect(kinds('public', `/users/${ID}/memberOf/microsoft.graph.conditionalAccessPolicy`)).toMatch(/FAIL cast to microsoft.graph.conditionalAccessPolicy: it does not derive from microsoft.graph.directoryObject/);
    expect(kinds('public', `/users/${ID}/memberOf/microsoft.graph.notAType`)).toMatch(/FAIL microsoft.graph.notAType is neither a type derived/);
  });

  it('refuses what the metadata does not have, naming the segment', () => {
    const r = resolveV1Path('public', `/users/${ID}/transitiveMemberOff`);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.segment).toBe('transitiveMemberOff');
    expect(kinds('public', '/tenants')).toMatch(/FAIL "tenants" is neither an entity set nor a singleton/);
    expect(kinds('public', `/users/${ID}/$count`)).toMatch(/FAIL \$count needs a collection/);
    expect(kinds('public', '/users/$count/x')).toMatch(/FAIL nothing may follow \$count/);
  });

  it('knows each cloud by its own metadata: China has no authentication methods policy', () => {
    expect(kinds('public', '/policies/authenticationMethodsPolicy')).toBe('singleton:policyRoot > navigation:authenticationMethodsPolicy');
    expect(kinds('china', '/policies/authenticationMethodsPolicy')).toMatch(/^FAIL microsoft.graph.policyRoot has no property/);
    expect(csdlModel('usgov')).toBe(csdlModel('usgovdod'));
  });

  it('resolves a path once the metadata is parsed, without parsing it again', () => {
    const model = csdlModel('public');
    expect(resolvePath(model, '/me').ok).toBe(true);
    expect(csdlModel('public')).toBe(model);
  });
});

describe('$filter, read for the property paths and operators it uses', () => {
  it('finds properties inside functions, not, in, and lambdas (relative to the lambda variable)', () => {
    const a = analyseFilter(
      "startswith(displayName,'a''b') and not(accountEnabled eq true) or userType in ('Guest','Member') and assignedLicenses/any(x:x/skuId eq 6fd2c87f-b296-42f0-b197-1e91e994b900) and endsWith(mail,'@x.com') and assignedPlans/$count ne 0",
    );
    expect('error' in a).toBe(false);
    if ('error' in a) return;
    expect(a.paths).toEqual([
      { segments: ['displayName'] },
      { segments: ['accountEnabled'] },
      { segments: ['userType'] },
      { segments: ['assignedLicenses'] },
      { segments: ['skuId'], lambdaOf: ['assignedLicenses'] },
      { segments: ['mail'] },
      { segments: ['assignedPlans'] },
    ]);
    expect([...a.operators].sort()).toEqual(['$count', 'and', 'any', 'endswith', 'eq', 'in', 'ne', 'not', 'or', 'startswith']);
  });

  it('says why it cannot read an expression', () => {
    expect(analyseFilter("displayName eq 'x")).toEqual({ error: expect.stringMatching(/unterminated string/) });
    expect(analyseFilter('(displayName eq 1')).toEqual({ error: 'unbalanced parentheses' });
  });
});

describe('the conformance check catches each kind of planted violation, and names the rule', () => {
  it("passes a request that follows Microsoft's contract", () => {
    expect(rules(get('/v1.0/users/$count?$filter=onPremisesSyncEnabled eq true', { ConsistencyLevel: 'eventual' }))).toEqual([]);
    expect(rules(get(`/v1.0/users/${ID}/transitiveMemberOf/microsoft.graph.directoryRole?$count=true&$select=id,roleTemplateId`, { ConsistencyLevel: 'eventual' }))).toEqual([]);
  });

  it("today's Global Administrator check: a cast on transitiveMemberOf without the advanced-query headers", () => {
    const v = conformanceViolations(get(`/v1.0/users/${ID}/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,displayName,roleTemplateId`), { cloud: 'public', granted });
    expect(v.map((x) => x.rule)).toEqual(['advanced-query']);
    expect(v[0].message).toMatch(/ConsistencyLevel: eventual.*\$count=true/);
  });

  it('a property that does not exist, in $select, $filter, $orderby or $expand', () => {
    expect(rules(get('/v1.0/organization?$select=id,onPremisesSyncEnabledd'))).toEqual(['query-options']);
    expect(rules(get("/v1.0/users?$filter=startswith(displayNam,'a')"))).toEqual(['query-options']);
    expect(rules(get('/v1.0/users?$filter=assignedLicenses/any(x:x/skuIdd eq 1)'))).toEqual(['query-options']);
    expect(rules(get('/v1.0/applications?$orderby=nam'))).toEqual(['query-options']);
    expect(rules(get(`/v1.0/users/${ID}?$expand=displayName`))).toEqual(['query-options']);
    // roleTemplateId is a directoryRole's: without the cast, a membership list is of directoryObject.
    expect(rules(get(`/v1.0/users/${ID}/transitiveMemberOf?$select=roleTemplateId`))).toEqual(['query-options']);
    const message = conformanceViolations(get('/v1.0/organization?$select=tenantTyp'), { cloud: 'public', granted })[0].message;
    expect(message).toMatch(/\$select=tenantTyp: microsoft.graph.organization has no property "tenantTyp"/);
  });

  it('a write whose body names what the target does not have', () => {
    const organization = `/v1.0/organization/${ID}`;
    expect(rules({ method: 'PATCH', url: organization, headers: {}, body: { onPremisesSyncEnabled: false } })).toEqual([]);
    expect(rules({ method: 'PATCH', url: organization, headers: {}, body: { onPremisesSyncEnable: false } })).toEqual(['body']);
    expect(rules({ method: 'POST', url: `/v1.0/directory/deletedItems/${ID}/restore`, headers: {}, body: { autoReconcileProxyConflict: true } })).toEqual([]);
    expect(rules({ method: 'POST', url: `/v1.0/directory/deletedItems/${ID}/restore`, headers: {}, body: { force: true } })).toEqual(['body']);
  });

  it("a path from another cloud's metadata that China's lacks", () => {
    const request = get('/v1.0/policies/authenticationMethodsPolicy');
    expect(rules(request, 'public')).toEqual([]);
    expect(rules(request, 'china')).toEqual(['path']);
    expect(conformanceViolations(request, { cloud: 'china', granted })[0].message).toMatch(/the china cloud's v1\.0 metadata/);
  });

  it('a request no declared scope allows, and one that neither the data nor the cited table lists', () => {
    expect(rules({ method: 'DELETE', url: `/v1.0/groups/${ID}`, headers: {} })).toEqual(['permission']);
    expect(rules(get('/v1.0/directory/deletedItems/microsoft.graph.group'))).toEqual(['permission']);
    expect(conformanceViolations(get('/v1.0/directory/deletedItems/microsoft.graph.group'), { cloud: 'public', granted })[0].message).toMatch(/neither Microsoft's permission data nor the cited table/);
  });

  it('advanced-query rules inside a $batch: each sub-request carries its own headers', () => {
    const envelope: GraphRequestRecord = {
      method: 'POST',
      url: '/v1.0/$batch',
      headers: { ConsistencyLevel: 'eventual' },
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/users/$count' },
          { id: '2', method: 'GET', url: '/users/$count', headers: { ConsistencyLevel: 'eventual' } },
          { id: '3', method: 'DELETE', url: `/users/${ID}` },
        ],
      },
    };
    const all = withBatchItems([envelope]);
    expect(all.map((r) => `${r.method} ${r.url}${r.inBatch ? ' (batch)' : ''}`)).toEqual(['POST /v1.0/$batch', 'GET /v1.0/users/$count (batch)', 'GET /v1.0/users/$count (batch)', `DELETE /v1.0/users/${ID} (batch)`]);
    expect(all.map((r) => rules(r))).toEqual([[], ['advanced-query'], [], []]);
  });

  it('the wrong method for what the path resolves to', () => {
    expect(rules({ method: 'GET', url: `/v1.0/directory/deletedItems/${ID}/restore`, headers: {} })).toContain('path');
    expect(rules({ method: 'GET', url: '/v1.0/$batch', headers: {} })).toContain('path');
  });

  it('beta: only the listed requests, and only members the beta type lists have', () => {
    expect(rules(get(`/beta/users/${ID}/authentication/requirements`))).toEqual([]);
    expect(rules({ method: 'PATCH', url: `/beta/users/${ID}/authentication/requirements`, headers: {} })).toEqual([]);
    expect(rules(get(`/beta/users/${ID}/authentication/signInPreferences`))).toContain('beta-unlisted');
    expect(rules(get(`/beta/users/${ID}/authentication/requirementz`))).toEqual(expect.arrayContaining(['beta-unlisted', 'path']));
    expect(rules(get('/users/$count', { ConsistencyLevel: 'eventual' }))).toEqual(['version']);
  });
});

describe('the beta requests the bot may send', () => {
  it('are each listed in the README with why v1.0 cannot serve them', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const b of BETA_REQUESTS) expect(readme).toContain(`${b.method} /beta${b.template}`);
  });
});
