import { DEMO_TENANT, GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { createGraphClient } from '../../src/graph/graph-client.factory';
import { graphError, simClient } from './sim-client';

/**
 * The bot's factory on the simulator. The SDK's AuthenticationHandler attaches tokens only to
 * https URLs, so over the simulator's http://127.0.0.1 it sends none and Graph-like 401s follow.
 * Marked `failing` while that holds: when the factory sends its token over http too, this test
 * turns red, and sim-client.ts should switch to createGraphClient.
 */
describe('graph-sim: the bot factory over http', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator();
  });
  afterAll(() => sim.close());

  it.failing('authenticates to the simulator through createGraphClient', async () => {
    const token = sim.tokenFor(DEMO_TENANT.tenantId, DEMO_TENANT.adminId);
    const client = createGraphClient({ endpoint: sim.url, token: async () => token, maxRetries: 0 });
    const me = await client.api('/me').get();
    expect(me.id).toBe(DEMO_TENANT.adminId);
  });

  it('shows why: the request reached the simulator without a token', async () => {
    const client = createGraphClient({ endpoint: sim.url, token: async () => 'sim.whatever', maxRetries: 0 });
    const error = await graphError(client.api('/me').get());
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe('InvalidAuthenticationToken');
  });
});

describe('graph-sim: the SDK and absolute http nextLinks', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator();
  });
  afterAll(() => sim.close());

  // GraphRequest.parsePath strips the origin only from https:// links; an http:// one is appended to the base URL.
  it.failing('follows an absolute http @odata.nextLink given whole to client.api()', async () => {
    const client = simClient(sim, DEMO_TENANT.tenantId, DEMO_TENANT.adminId);
    const first = await client.api('/users').top(5).get();
    const second = await client.api(first['@odata.nextLink']).get();
    expect(second.value.length).toBeGreaterThan(0);
  });
});
