import { DEMO_TENANT, GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { graphError, simClient, tokenClient } from '../support/sim-client';

/** Realism knobs (latency, 503/504 with Retry-After, dropped connections) and many tenants at once. */
describe('graph-sim: faults and latency', () => {
  let sim: GraphSimulator;
  afterEach(() => sim.close());
  const T = DEMO_TENANT.tenantId;

  it('answers 503 and 504 with Retry-After in Graph error shape, and counts them', async () => {
    sim = await startGraphSimulator({ faults: { rate503: 1 }, timeScale: 0.01 });
    const error = await graphError(simClient(sim, T, DEMO_TENANT.adminId).api('/organization').get());
    expect(error.statusCode).toBe(503);
    expect((error.headers as Headers).get('Retry-After')).toBe('0.010');
    sim.setFaults({ rate504: 1 });
    expect((await graphError(simClient(sim, T, DEMO_TENANT.adminId).api('/organization').get())).statusCode).toBe(504);
    expect(sim.counters().errors5xx).toBe(2);
    expect(sim.inspect(T).counters.errors5xx).toBe(2);
  });

  it('drops connections (the SDK sees a network error), and can be switched off at run time', async () => {
    sim = await startGraphSimulator({ faults: { rateDrop: 1 } });
    await expect(simClient(sim, T, DEMO_TENANT.adminId).api('/organization').get()).rejects.toThrow();
    expect(sim.counters().dropped).toBe(1);
    sim.setFaults({});
    const org = await simClient(sim, T, DEMO_TENANT.adminId).api('/organization').get();
    expect(org.value[0].id).toBe(T);
  });

  it('lets the SDK retry through transient 503s (RetryHandler honours their Retry-After)', async () => {
    sim = await startGraphSimulator({ faults: { rate503: 0.5 }, timeScale: 0.01, seed: 7 });
    const client = simClient(sim, T, DEMO_TENANT.adminId, { maxRetries: 10 });
    for (let i = 0; i < 5; i++) expect((await client.api('/me').get()).id).toBe(DEMO_TENANT.adminId);
    expect(sim.counters().errors5xx).toBeGreaterThan(0);
  });

  it('repeats the same fault sequence for the same seed', async () => {
    const run = async () => {
      const s = await startGraphSimulator({ faults: { rate503: 0.3, rate504: 0.2 }, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push(
          await simClient(s, T, DEMO_TENANT.adminId)
            .api('/me')
            .get()
            .then(
              () => 200,
              (e) => e.statusCode,
            ),
        );
      await s.close();
      return statuses;
    };
    const first = await run();
    sim = await startGraphSimulator();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('adds latency and records peak concurrency', async () => {
    sim = await startGraphSimulator({ latency: { fixedMs: 40, jitterMs: 10 } });
    const client = simClient(sim, T, DEMO_TENANT.adminId);
    await Promise.all(Array.from({ length: 6 }, () => client.api('/me').get()));
    expect(sim.inspect(T).counters.peakConcurrency).toBeGreaterThan(1);
    expect(sim.counters().peakConcurrency).toBeGreaterThan(1);
    sim.setLatency({ fixedMs: 0, jitterMs: 0 });
  });
});

describe('graph-sim: many tenants', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo', 'small', 'blocked'] });
  });
  afterAll(() => sim.close());

  it('gives non-demo scenarios deterministic tenant ids, and adds more tenants of one scenario by id', async () => {
    const small = sim.tenants().find((t) => t.scenario === 'small')!;
    const again = await startGraphSimulator({ scenarios: ['small'] });
    expect(again.tenants()[0].tenantId).toBe(small.tenantId);
    expect(again.tenants()[0].adminId).toBe(small.adminId);
    await again.close();
    const ids = Array.from({ length: 5 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const added = ids.map((tenantId) => sim.addTenant('small', { tenantId }));
    expect(new Set(added.map((t) => t.initialDomain)).size).toBe(5);
    expect(new Set(added.map((t) => t.adminId)).size).toBe(5);
    expect(() => sim.addTenant('small', { tenantId: ids[0] })).toThrow();
    expect(small.userCount).toBe(25);
  });

  it('keeps tenants isolated: each token sees only its tenant, and a user of another tenant is refused', async () => {
    const small = sim.tenants().find((t) => t.scenario === 'small')!;
    const smallUsers = await simClient(sim, small.tenantId, small.adminId).api('/users').select('id').top(999).get();
    expect(smallUsers.value).toHaveLength(25);
    const demoUsers = await simClient(sim, DEMO_TENANT.tenantId, DEMO_TENANT.adminId).api('/users').select('id').top(999).get();
    expect(demoUsers.value.map((u: { id: string }) => u.id)).not.toContain(small.adminId);
    expect((await graphError(simClient(sim, DEMO_TENANT.tenantId, DEMO_TENANT.adminId).api(`/users/${small.adminId}`).get())).statusCode).toBe(404);
    expect((await graphError(tokenClient(sim, `sim.${DEMO_TENANT.tenantId}.${small.adminId}`).api('/me').get())).statusCode).toBe(401);
    await simClient(sim, small.tenantId, small.adminId)
      .api(`/users/${smallUsers.value.find((u: { id: string }) => u.id !== small.adminId).id}`)
      .delete();
    expect(sim.inspect(DEMO_TENANT.tenantId).deleteCalls).toEqual({});
    expect(Object.keys(sim.inspect(small.tenantId).deleteCalls)).toHaveLength(1);
  });
});
