import { GraphError } from '@microsoft/microsoft-graph-client';
import { GraphSimulator, IDENTITY_LIMITS, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { graphError, simClient } from '../support/sim-client';

interface ItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: { error?: { code: string } };
}

/**
 * graph-api.md §7 ($batch) and §8 (throttling). timeScale 0.01 shrinks windows and quotas 100×:
 * 30 writes per 1.5 s per app+tenant, same 20 writes/s rate, Retry-After in tens of milliseconds.
 */
describe('graph-sim: $batch and throttling', () => {
  let sim: GraphSimulator;
  let tenant: TenantInfo;
  const SCALE = 0.01;
  const WRITE_QUOTA = IDENTITY_LIMITS.appTenantWrites.quota * SCALE;
  beforeEach(async () => {
    sim = await startGraphSimulator({ scenarios: ['large'], timeScale: SCALE });
    tenant = sim.tenants()[0];
  });
  afterEach(() => sim.close());

  const client = (maxRetries = 0) => simClient(sim, tenant.tenantId, tenant.adminId, { maxRetries });
  const batch = async (requests: object[]): Promise<ItemResponse[]> => (await client().api('/$batch').post({ requests })).responses;
  const someUsers = async (n: number): Promise<string[]> => {
    const page = await client().api('/users').select('id').top(999).get();
    const admins = new Set(sim.inspect(tenant.tenantId).globalAdminIds);
    return page.value
      .map((u: { id: string }) => u.id)
      .filter((id: string) => !admins.has(id))
      .slice(0, n);
  };
  const deletes = (ids: string[]) => ids.map((id, i) => ({ id: String(i + 1), method: 'DELETE', url: `/users/${id}` }));

  it('refuses a 21-request batch with 400 and accepts 20 with one status per request', async () => {
    const ids = await someUsers(21);
    const error = await graphError(
      client()
        .api('/$batch')
        .post({ requests: deletes(ids) }),
    );
    expect(error.statusCode).toBe(400);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
    const responses = await batch(deletes(ids.slice(0, 20)));
    expect(responses.map((r) => r.id).sort()).toEqual(
      deletes(ids.slice(0, 20))
        .map((r) => r.id)
        .sort(),
    );
    expect(responses.every((r) => r.status === 204)).toBe(true);
  });

  it('answers per-item 404 and a 424 for a request whose dependency failed', async () => {
    const [id] = await someUsers(1);
    const responses = await batch([
      { id: 'a', method: 'DELETE', url: '/users/00000000-0000-0000-0000-00000000dead' },
      { id: 'b', method: 'DELETE', url: `/users/${id}`, dependsOn: ['a'] },
      { id: 'c', method: 'GET', url: `/users/${id}?$select=id,displayName` },
    ]);
    const byId = Object.fromEntries(responses.map((r) => [r.id, r]));
    expect(byId.a.status).toBe(404);
    expect(byId.a.body?.error?.code).toBe('Request_ResourceNotFound');
    expect(byId.b.status).toBe(424);
    expect(byId.c.status).toBe(200);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
  });

  it('throttles writes per item inside a batch at the scaled write quota, with Retry-After and x-ms-throttle headers', async () => {
    const ids = await someUsers(40);
    const results = [...(await batch(deletes(ids.slice(0, 20)))), ...(await batch(deletes(ids.slice(20))))];
    const ok = results.filter((r) => r.status === 204);
    const throttled = results.filter((r) => r.status === 429);
    // A few tokens may refill between the two batches (20 writes/s); never fewer than the quota succeed.
    expect(ok.length).toBeGreaterThanOrEqual(WRITE_QUOTA);
    expect(ok.length).toBeLessThan(WRITE_QUOTA + 5);
    expect(throttled.length).toBe(40 - ok.length);
    const headers = throttled[0].headers;
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    expect(headers['x-ms-throttle-scope']).toBe(`Tenant_Application/Write/${headers['x-ms-throttle-scope'].split('/')[2]}/${tenant.tenantId}`);
    expect(headers['x-ms-throttle-information']).toBe('WriteLimitExceeded');
    expect(throttled[0].body?.error?.code).toBe('TooManyRequests');
    expect(ok[0].headers['x-ms-resource-unit']).toBe('1');
    const state = sim.inspect(tenant.tenantId);
    expect(state.counters.throttled).toBe(throttled.length);
    expect(Object.values(state.deleteCalls).every((n) => n === 1)).toBe(true);
  });

  it('keeps counting throttled requests: an immediate retry is throttled again with a longer Retry-After', async () => {
    // Full-length windows (0.2 writes/s refill) so the gap between the two calls refills nothing.
    await sim.close();
    sim = await startGraphSimulator({ scenarios: ['large'], timeScale: 1, quotaScale: SCALE });
    tenant = sim.tenants()[0];
    const ids = await someUsers(WRITE_QUOTA + 3);
    await batch(deletes(ids.slice(0, 20)));
    await batch(deletes(ids.slice(20, WRITE_QUOTA)));
    const first = await graphError(client().api(`/users/${ids[WRITE_QUOTA]}`).delete());
    const second = await graphError(
      client()
        .api(`/users/${ids[WRITE_QUOTA + 1]}`)
        .delete(),
    );
    expect(first.statusCode).toBe(429);
    expect(second.statusCode).toBe(429);
    const retryAfter = (e: GraphError) => Number((e.headers as Headers).get('Retry-After'));
    expect(retryAfter(second)).toBeGreaterThan(retryAfter(first));
  });

  it('is honoured: the SDK RetryHandler waits Retry-After and its retry succeeds first time', async () => {
    const ids = await someUsers(WRITE_QUOTA + 1);
    await batch(deletes(ids.slice(0, 20)));
    await batch(deletes(ids.slice(20, WRITE_QUOTA)));
    const before = sim.inspect(tenant.tenantId).counters.throttled;
    await client(3).api(`/users/${ids[WRITE_QUOTA]}`).delete();
    // Exactly one 429: the retry came after Retry-After (an early one would have been throttled again).
    expect(sim.inspect(tenant.tenantId).counters.throttled - before).toBeLessThanOrEqual(1);
    expect(sim.inspect(tenant.tenantId).deleteCalls[ids[WRITE_QUOTA]]).toBe(1);
  });

  it('charges reads in resource units by tenant size (L: 8,000 RU per 10 s, GET users costs 2)', async () => {
    // quotaScale alone: 8 RU per full 10 s window, so nothing refills during one batch.
    await sim.close();
    sim = await startGraphSimulator({ scenarios: ['large'], timeScale: 1, quotaScale: 0.001 });
    tenant = sim.tenants()[0];
    const reads = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/users' }));
    const results = await batch(reads);
    expect(results.filter((r) => r.status === 200)).toHaveLength((IDENTITY_LIMITS.resourceUnits.L * 0.001) / 2);
    const throttled = results.find((r) => r.status === 429)!;
    expect(throttled.headers['x-ms-throttle-information']).toBe('ResourceUnitLimitExceeded');
    expect(throttled.headers['x-ms-throttle-scope'].startsWith('Tenant_Application/ReadWrite/')).toBe(true);
    expect(results.find((r) => r.status === 200)!.headers['x-ms-resource-unit']).toBe('2');
  });

  it('makes $select cheaper: GET users with $select costs 1 RU', async () => {
    const response = await batch([{ id: '1', method: 'GET', url: '/users?$select=id' }]);
    expect(response[0].headers['x-ms-resource-unit']).toBe('1');
  });

  it('does not throttle when throttling is off', async () => {
    await sim.close();
    sim = await startGraphSimulator({ scenarios: ['large'], timeScale: SCALE, throttling: false });
    tenant = sim.tenants()[0];
    const ids = await someUsers(60);
    const results = [...(await batch(deletes(ids.slice(0, 20)))), ...(await batch(deletes(ids.slice(20, 40)))), ...(await batch(deletes(ids.slice(40))))];
    expect(results.every((r) => r.status === 204)).toBe(true);
  });
});
