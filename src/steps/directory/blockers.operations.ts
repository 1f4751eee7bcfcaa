import { Client } from '@microsoft/microsoft-graph-client';
import type { RemovalFailure } from '../../ports/tenant-operations.port';
import { BlockerReport, RemovalResult } from '../../ports/tenant-operations.port';
import { BatchResult, sendBatched, throwIfDenied } from '../../graph/bulk/batched-requests';
import { graphAll, graphCall, Page } from '../../graph/graph-request';
import { countDeletedUsers, countUsers } from '../../graph/directory-counts';
import { subscriptions } from '../subscriptions/subscriptions.operations';

interface ServicePrincipal {
  id: string;
  displayName?: string | null;
  appOwnerOrganizationId?: string | null;
}

interface Application {
  id: string;
  displayName?: string | null;
}

/** How many names a blocker report carries per kind: enough to recognise them, bounded for the state. */
const NAMES_LIMIT = 10;

/** What Graph can see of the Entra pre-checks for tenant deletion (graph-api.md §6.1). */
export async function blockers(client: Client, keepUserId: string, tenantId: string): Promise<BlockerReport> {
  const [users, softDeleted, subs, applications, principals, organization] = await Promise.all([
    countUsers(client),
    countDeletedUsers(client),
    subscriptions(client, tenantId),
    graphAll<Application>(client, '/applications', (r) => r.select('id,displayName').top(999)),
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
    applicationNames: applications.slice(0, NAMES_LIMIT).map((a) => a.displayName || a.id),
    servicePrincipalNames: principals.slice(0, NAMES_LIMIT).map((p) => p.displayName || p.id),
  };
}

/** The items Graph refused, by name, with Graph's status, code and message (never swallowed into a count). */
function refused(results: BatchResult[], names: string[]): RemovalFailure[] {
  return results
    .filter((r) => !(r.status < 300 || r.status === 404))
    .map((r) => ({ name: names[Number(r.id) - 1] ?? r.id, status: r.status, code: r.code ?? String(r.status), ...(r.message ? { message: r.message.slice(0, 300) } : {}) }));
}

export async function deleteApplications(client: Client): Promise<RemovalResult> {
  const apps = await graphAll<Application>(client, '/applications', (r) => r.select('id,displayName').top(999));
  return deleteEach(client, '/applications', apps);
}

export async function deleteOwnedServicePrincipals(client: Client, tenantId: string): Promise<RemovalResult> {
  return deleteEach(client, '/servicePrincipals', await ownedServicePrincipals(client, tenantId));
}

/** Deletes each object of a collection through `$batch`, and names the ones Graph refused. */
async function deleteEach(client: Client, collection: string, objects: Array<{ id: string; displayName?: string | null }>): Promise<RemovalResult> {
  const results = await sendBatched(
    client,
    objects.map((o, i) => ({ id: String(i + 1), method: 'DELETE' as const, url: `${collection}/${o.id}` })),
  );
  // A missing permission stops at once (the card names it); other refusals are named one by one.
  throwIfDenied(results);
  const failures = refused(
    results,
    objects.map((o) => o.displayName || o.id),
  );
  return { deleted: results.length - failures.length, failed: failures.length, failures };
}

/** Microsoft's first-party principals belong to Microsoft's own tenant; only the tenant's own are ours to remove. */
async function ownedServicePrincipals(client: Client, tenantId: string): Promise<ServicePrincipal[]> {
  const all = await graphAll<ServicePrincipal>(client, '/servicePrincipals', (r) => r.select('id,displayName,appOwnerOrganizationId').top(999));
  return all.filter((p) => p.appOwnerOrganizationId?.toLowerCase() === tenantId.toLowerCase());
}
