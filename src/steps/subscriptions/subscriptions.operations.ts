import { Client } from '@microsoft/microsoft-graph-client';
import { SubscriptionFact } from '../../ports/tenant-operations.port';
import { graphAll } from '../../graph/graph-request';

interface CompanySubscription {
  id: string;
  skuId?: string;
  skuPartNumber?: string;
  status?: string;
  nextLifecycleDateTime?: string;
  isTrial?: boolean;
  totalLicenses?: number;
  ownerTenantId?: string | null;
}

/** `/directory/subscriptions` (graph-api.md §4.1): read-only; cancelling and deleting are manual. */
export async function subscriptions(client: Client, tenantId?: string): Promise<SubscriptionFact[]> {
  const list = await graphAll<CompanySubscription>(client, '/directory/subscriptions');
  return list.map((s) => ({
    id: s.id,
    skuId: s.skuId,
    skuPartNumber: s.skuPartNumber ?? s.id,
    status: s.status ?? 'Enabled',
    nextLifecycleDateTime: s.nextLifecycleDateTime,
    isTrial: s.isTrial === true,
    totalLicenses: s.totalLicenses ?? 0,
    partnerManaged: Boolean(s.ownerTenantId && s.ownerTenantId !== tenantId),
  }));
}
