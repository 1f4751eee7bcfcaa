import { GraphSimulator, SCENARIOS, startGraphSimulator } from '../../../graph-sim';
import { GraphTenantOperations } from '../../../src/steps/tenant.operations';
import { simClient } from '../../support/sim-client';

/**
 * The subscriptions read keeps each subscription's skuId: Microsoft's table of product names is keyed
 * by it (a part number alone can name two products), so the card can name the product.
 */
describe('reading the subscriptions from Graph', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [] });
  });
  afterAll(() => sim?.close());

  it('keeps the skuId of every subscription beside its part number', async () => {
    const tenant = sim.addTenant({ ...SCENARIOS.demo, name: 'subscriptions-sku-ids' });
    const ops = new GraphTenantOperations(simClient(sim, tenant.tenantId, tenant.adminId), simClient(sim, tenant.tenantId, tenant.adminId, { version: 'beta' }), tenant.tenantId);
    const read = await ops.subscriptions();
    const byPart = (a: { skuPartNumber: string }, b: { skuPartNumber: string }) => a.skuPartNumber.localeCompare(b.skuPartNumber);
    const seeded = SCENARIOS.demo.subscriptions.map((s) => ({ skuId: s.skuId, skuPartNumber: s.skuPartNumber })).sort(byPart);
    expect(read.map((s) => ({ skuId: s.skuId, skuPartNumber: s.skuPartNumber })).sort(byPart)).toEqual(seeded);
  });
});
