import { Client } from '@microsoft/microsoft-graph-client';
import { BackupRow } from '../../ports/tenant-operations.port';
import { followLink, graphAll, graphCall, Page } from '../../graph/graph-request';

interface GraphUser {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  accountEnabled?: boolean;
  assignedLicenses?: Array<{ skuId: string }>;
}

/**
 * Users with their licences (SKU part numbers from `/subscribedSkus`) and directory roles, one page
 * at a time so a large tenant is never held in memory at once.
 */
export async function* backupRows(client: Client): AsyncIterable<BackupRow> {
  const [skus, roles] = await Promise.all([graphAll<{ skuId: string; skuPartNumber: string }>(client, '/subscribedSkus'), graphAll<{ id: string; displayName: string }>(client, '/directoryRoles')]);
  const skuNames = new Map(skus.map((s) => [s.skuId, s.skuPartNumber]));
  const rolesByUser = new Map<string, string[]>();
  for (const role of roles) {
    const members = await graphAll<{ id: string }>(client, `/directoryRoles/${role.id}/members`, (r) => r.select('id'));
    for (const m of members) rolesByUser.set(m.id, [...(rolesByUser.get(m.id) ?? []), role.displayName]);
  }
  let page = await graphCall<Page<GraphUser>>(() => client.api('/users').select('id,displayName,userPrincipalName,accountEnabled,assignedLicenses').top(999).get());
  for (;;) {
    for (const u of page.value) {
      yield {
        id: u.id,
        displayName: u.displayName ?? '',
        userPrincipalName: u.userPrincipalName ?? '',
        accountEnabled: u.accountEnabled !== false,
        licences: (u.assignedLicenses ?? []).map((l) => skuNames.get(l.skuId) ?? l.skuId),
        roles: rolesByUser.get(u.id) ?? [],
      };
    }
    const next = page['@odata.nextLink'];
    if (!next) return;
    page = await graphCall<Page<GraphUser>>(() => followLink(client, next).get());
  }
}
