import { advancedQueryViolation } from '../../graph-reference/advanced-query';

const EVENTUAL = { ConsistencyLevel: 'eventual' };

describe("Microsoft's advanced-query rules (learn.microsoft.com/graph/aad-advanced-queries)", () => {
  it('an OData cast on transitiveMemberOf or memberOf needs ConsistencyLevel: eventual and $count=true', () => {
    const path = '/v1.0/users/abc/transitiveMemberOf/microsoft.graph.directoryRole';
    expect(advancedQueryViolation({ method: 'GET', path })).toMatch(/OData cast on transitiveMemberOf.*ConsistencyLevel: eventual.*\$count=true/);
    expect(advancedQueryViolation({ method: 'GET', path, headers: EVENTUAL })).toMatch(/\$count=true/);
    expect(advancedQueryViolation({ method: 'GET', path: `${path}?$count=true` })).toMatch(/ConsistencyLevel/);
    expect(advancedQueryViolation({ method: 'GET', path: `${path}?$count=true&$select=id`, headers: { consistencylevel: 'Eventual' } })).toBeUndefined();
    expect(advancedQueryViolation({ method: 'GET', path: '/me/memberOf/microsoft.graph.group', query: { $count: 'true' }, headers: EVENTUAL })).toBeUndefined();
    expect(advancedQueryViolation({ method: 'GET', path: '/me/memberOf/microsoft.graph.group' })).toMatch(/memberOf/);
  });

  it('a plain membership list with $select is not an advanced query; $filter or $orderby on it is', () => {
    expect(advancedQueryViolation({ method: 'GET', path: '/users/abc/transitiveMemberOf?$select=id&$top=999' })).toBeUndefined();
    expect(advancedQueryViolation({ method: 'GET', path: "/users/abc/memberOf?$filter=id eq 'x'" })).toMatch(/\$filter on memberOf/);
    expect(advancedQueryViolation({ method: 'GET', path: '/users/abc/transitiveMemberOf?$orderBy=displayName' })).toMatch(/\$orderby on transitiveMemberOf/);
  });

  it('the $count segment needs the header; $count=true needs it too', () => {
    expect(advancedQueryViolation({ method: 'GET', path: '/users/$count' })).toMatch(/\$count segment/);
    expect(advancedQueryViolation({ method: 'GET', path: '/users/$count', headers: EVENTUAL })).toBeUndefined();
    expect(advancedQueryViolation({ method: 'GET', path: '/users?$count=true' })).toMatch(/\$count=true needs/);
    expect(advancedQueryViolation({ method: 'GET', path: '/users?$count=true', headers: EVENTUAL })).toBeUndefined();
  });

  it('$search needs the header only', () => {
    expect(advancedQueryViolation({ method: 'GET', path: '/users?$search="displayName:ada"' })).toMatch(/\$search/);
    expect(advancedQueryViolation({ method: 'GET', path: '/users?$search="displayName:ada"', headers: EVENTUAL })).toBeUndefined();
  });

  it('ne, not and endsWith in $filter need both; the same words inside a string literal do not count', () => {
    expect(advancedQueryViolation({ method: 'GET', path: '/users', query: '$filter=accountEnabled ne true' })).toMatch(/'ne'/);
    expect(advancedQueryViolation({ method: 'GET', path: '/users', query: "$filter=not(startsWith(displayName,'a'))", headers: EVENTUAL })).toMatch(/'not'/);
    expect(advancedQueryViolation({ method: 'GET', path: "/users?$filter=endsWith(mail,'@contoso.com')" })).toMatch(/'endsWith'/);
    expect(advancedQueryViolation({ method: 'GET', path: "/users/$count?$filter=endsWith(mail,'@contoso.com')", headers: EVENTUAL })).toBeUndefined();
    expect(advancedQueryViolation({ method: 'GET', path: '/users', query: new URLSearchParams({ $filter: 'accountEnabled ne true', $count: 'true' }), headers: EVENTUAL })).toBeUndefined();
    expect(advancedQueryViolation({ method: 'GET', path: "/users?$filter=displayName eq 'ne not endsWith('" })).toBeUndefined();
  });

  it('applies to directory-object reads only', () => {
    expect(advancedQueryViolation({ method: 'GET', path: "/identity/conditionalAccess/policies?$filter=state ne 'disabled'" })).toBeUndefined();
    expect(advancedQueryViolation({ method: 'DELETE', path: '/users/abc' })).toBeUndefined();
    expect(advancedQueryViolation({ method: 'GET', path: '/organization?$select=id' })).toBeUndefined();
  });
});
