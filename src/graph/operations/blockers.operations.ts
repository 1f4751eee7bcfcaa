import { Client } from '@microsoft/microsoft-graph-client';
import { BlockerReport } from '../../ports/tenant-operations.port';
import { sendBatched, throwIfDenied } from '../graph-batch';
import { graphAll, graphCall, Page } from '../graph-request';
import { countDeletedUsers, countUsers } from './users.operations';
import { subscriptions } from './subscriptions.operations';

interface ServicePrincipal {
  id: string;
  appOwnerOrganizationId?: string | null;
}

/** What Graph can see of the Entra pre-checks for tenant deletion (graph-api.md §6.1). */
export async function blockers(client: Client, keepUserId: string, tenantId: string): Promise<BlockerReport> {
  const [users, softDeleted, subs, applications, principals, organization] = await Promise.all([
    countUsers(client),
    countDeletedUsers(client),
    subscriptions(client, tenantId),
    graphAll<{ id: string }>(client, '/applications', (r) => r.select('id').top(999)),
    ownedServicePrincipals(client, tenantId),
    graphCall<Page<{ onPremisesSyncEnabled?: boolean | null }>>(() => client.api('/organization').select('id,onPremisesSyncEnabled').get()),
  ]);
  void keepUserId;
  return {
    remainingUsers: Math.max(0, users - 1),
    softDeletedUsers: softDeleted,
    subscriptionsNotDeprovisioned: subs.filter((s) => s.status !== 'Deleted').length,
    applications: applications.length,
    ownedServicePrincipals: principals.length,
    syncEnabled: organization.value[0]?.onPremisesSyncEnabled === true,
  };
}

export async function deleteApplications(client: Client): Promise<{ deleted: number; failed: number }> {
  const apps = await graphAll<{ id: string }>(client, '/applications', (r) => r.select('id').top(999));
  const results = await sendBatched(client, apps.map((a, i) => ({ id: String(i + 1), method: 'DELETE' as const, url: `/applications/${a.id}` })));
  throwIfDenied(results);
  const deleted = results.filter((r) => r.status < 300 || r.status === 404).length;
  return { deleted, failed: results.length - deleted };
}

export async function deleteOwnedServicePrincipals(client: Client, tenantId: string): Promise<{ deleted: number; failed: number }> {
  const principals = await ownedServicePrincipals(client, tenantId);
  const results = await sendBatched(client, principals.map((p, i) => ({ id: String(i + 1), method: 'DELETE' as const, url: `/servicePrincipals/${p.id}` })));
  throwIfDenied(results);
  const deleted = results.filter((r) => r.status < 300 || r.status === 404).length;
  return { deleted, failed: results.length - deleted };
}

/** Microsoft's first-party principals belong to Microsoft's own tenant; only the tenant's own are ours to remove. */
async function ownedServicePrincipals(client: Client, tenantId: string): Promise<ServicePrincipal[]> {
  const all = await graphAll<ServicePrincipal>(client, '/servicePrincipals', (r) => r.select('id,appOwnerOrganizationId').top(999));
  return all.filter((p) => p.appOwnerOrganizationId?.toLowerCase() === tenantId.toLowerCase());
}
