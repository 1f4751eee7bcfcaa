import type { SimContext } from '../sim-context';
import { AzureTenant } from '../../directory/azure-tenant';

/** The Azure side of a simulated tenant (made on first use), or undefined for a tenant the simulator does not have. */
export function azureOf(sim: SimContext, tenantId: string): AzureTenant | undefined {
  const id = tenantId.toLowerCase();
  if (!sim.tenants.has(id)) return undefined;
  let azure = sim.azure.get(id);
  if (!azure) {
    azure = new AzureTenant();
    sim.azure.set(id, azure);
  }
  return azure;
}
