import { DEMO_TENANT, GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { createGraphClient } from '../../src/graph';
import { followLink, graphAll } from '../../src/graph';
import { graphError } from '../support/sim-client';

/**
 * The bot's own Graph client on the simulator's http://127.0.0.1. The SDK's AuthenticationHandler
 * authenticates https URLs only, and GraphRequest takes only https strings as full URLs: the
 * factory's bearer middleware and `followLink` are what make the loopback simulator work.
 */
describe('graph-sim: the bot factory over http', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator();
  });
  afterAll(() => sim.close());

  it('authenticates to the simulator through createGraphClient', async () => {
    const token = sim.tokenFor(DEMO_TENANT.tenantId, DEMO_TENANT.adminId);
    const client = createGraphClient({ endpoint: sim.url, token: async () => token, maxRetries: 0 });
    const me = await client.api('/me').get();
    expect(me.id).toBe(DEMO_TENANT.adminId);
  });

  it('sends the token to the configured origin only', async () => {
    const seen: string[] = [];
    const client = createGraphClient({
      endpoint: sim.url,
      token: async () => {
        seen.push('asked');
        return 'secret';
      },
      maxRetries: 0,
    });
    // An absolute link to another origin (the loopback guard then refuses the connection itself).
    await expect(client.api('https://graph.microsoft.com/v1.0/me').get()).rejects.toBeDefined();
    expect(seen).toEqual([]);
  });

  it('answers a wrong token with 401 InvalidAuthenticationToken', async () => {
    const client = createGraphClient({ endpoint: sim.url, token: async () => 'sim.whatever', maxRetries: 0 });
    const error = await graphError(client.api('/me').get());
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe('InvalidAuthenticationToken');
  });

  it('follows absolute http @odata.nextLinks through followLink', async () => {
    const client = createGraphClient({ endpoint: sim.url, token: async () => sim.tokenFor(DEMO_TENANT.tenantId, DEMO_TENANT.adminId), maxRetries: 0 });
    const first = await client.api('/users').top(5).get();
    expect(first['@odata.nextLink']).toMatch(/^http:\/\/127\.0\.0\.1/);
    const second = await followLink(client, first['@odata.nextLink']).get();
    expect(second.value.length).toBeGreaterThan(0);
    const all = await graphAll<{ id: string }>(client, '/users', (r) => r.top(5));
    expect(new Set(all.map((u) => u.id)).size).toBe(sim.inspect(DEMO_TENANT.tenantId).users.length);
  });
});
