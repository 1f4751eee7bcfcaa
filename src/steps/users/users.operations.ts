import { Client } from '@microsoft/microsoft-graph-client';
import type { RemovalFailure } from '../../ports/tenant-operations.port';
import { UsersPreview } from '../../ports/tenant-operations.port';
import { sendBatched, throwIfDenied } from '../../graph/bulk/batched-requests';
import { GraphFailure } from '../../ports/graph-failure';
import { countDeletedUsers, countOf, countUsers } from '../../graph/directory-counts';
import { followLink, graphAll, graphCall, Page } from '../../graph/graph-request';

const SAMPLE_SIZE = 8;

/**
 * Lists every user but `keepUserId` page by page (`$top=999`, every `@odata.nextLink` followed) and
 * hands each page's ids to `record` before reading the next: the preview's count is exactly the
 * users recorded, which is what an approval of it deletes. Memory stays one page, whatever the size.
 * The sample marks admins (any activated directory role) and guests.
 */
export async function previewUsers(client: Client, keepUserId: string, record: (ids: string[]) => Promise<void>): Promise<UsersPreview> {
  const listing = (async () => {
    const kept = keepUserId.toLowerCase();
    const sample: ListedUser[] = [];
    let toDelete = 0;
    let page = await graphCall<Page<ListedUser>>(() => client.api('/users').select('id,displayName,userPrincipalName,userType').top(999).get());
    for (;;) {
      const others = page.value.filter((u) => u.id && u.id.toLowerCase() !== kept);
      for (const u of others) if (sample.length < SAMPLE_SIZE) sample.push(u);
      await record(others.map((u) => u.id));
      toDelete += others.length;
      const next = page['@odata.nextLink'];
      if (!next) return { toDelete, sample };
      page = await graphCall<Page<ListedUser>>(() => followLink(client, next).get());
    }
  })();
  const [listed, kept, recycleBin, synced, admins] = await Promise.all([
    listing,
    graphCall<{ id: string; displayName?: string }>(() =>
      client
        .api(`/users/${encodeURIComponent(keepUserId)}`)
        .select('id,displayName')
        .get(),
    ),
    countDeletedUsers(client),
    // An unreadable count is unknown, never 0: the preview fails and the card says why.
    graphCall<number>(() => client.api('/users/$count').header('ConsistencyLevel', 'eventual').filter('onPremisesSyncEnabled eq true').get()),
    roleHolders(client),
  ]);
  return {
    toDelete: listed.toDelete,
    sample: listed.sample.map((u) => ({ name: u.displayName || u.userPrincipalName || u.id, admin: admins.has(u.id), guest: u.userType === 'Guest' })),
    kept: { id: kept.id, displayName: kept.displayName ?? kept.id },
    recycleBin,
    syncedUsers: countOf(synced, '/users/$count'),
  };
}

/** Everyone who holds an activated directory role: the preview marks them, so no admin is deleted unnoticed. */
async function roleHolders(client: Client): Promise<Set<string>> {
  const roles = await graphAll<{ id: string }>(client, '/directoryRoles', (r) => r.select('id'));
  const members = await Promise.all(roles.map((role) => graphAll<{ id: string }>(client, `/directoryRoles/${role.id}/members`, (r) => r.select('id'))));
  return new Set(members.flat().map((m) => m.id));
}

interface ListedUser {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  userType?: string | null;
}

/** One `$count` call: everyone the directory lists, minus the kept admin when still listed. */
export async function remainingUsers(client: Client, keepUserId: string): Promise<number> {
  const [count, kept] = await Promise.all([
    countUsers(client),
    graphCall(() =>
      client
        .api(`/users/${encodeURIComponent(keepUserId)}`)
        .select('id')
        .get(),
    ).then(
      () => 1,
      (error: GraphFailure) => {
        if (error.status === 404) return 0;
        throw error;
      },
    ),
  ]);
  return Math.max(0, count - kept);
}

export async function disableDirectorySync(client: Client, organizationId: string): Promise<void> {
  await graphCall(() => client.api(`/organization/${encodeURIComponent(organizationId)}`).patch({ onPremisesSyncEnabled: false }));
}

export async function restoreDeletedUsers(client: Client): Promise<{ restored: number; failed: number }> {
  const deleted = await graphAll<{ id: string }>(client, '/directory/deletedItems/microsoft.graph.user', (r) => r.select('id').top(999));
  const results = await sendBatched(
    client,
    deleted.map((u, i) => ({ id: String(i + 1), method: 'POST' as const, url: `/directory/deletedItems/${u.id}/restore`, body: {} })),
  );
  throwIfDenied(results);
  const restored = results.filter((r) => r.status < 300).length;
  return { restored, failed: results.length - restored };
}

export async function purgeDeletedUsers(client: Client): Promise<{ purged: number; failed: number; failures: RemovalFailure[] }> {
  const deleted = await graphAll<{ id: string; displayName?: string; userPrincipalName?: string }>(client, '/directory/deletedItems/microsoft.graph.user', (r) => r.select('id,displayName,userPrincipalName').top(999));
  const results = await sendBatched(
    client,
    deleted.map((u, i) => ({ id: String(i + 1), method: 'DELETE' as const, url: `/directory/deletedItems/${u.id}` })),
  );
  // A missing permission stops at once (the card names it); other refusals are named one by one.
  throwIfDenied(results);
  const failures = results
    .filter((r) => !(r.status < 300 || r.status === 404))
    .map((r) => {
      const user = deleted[Number(r.id) - 1];
      return { name: user?.displayName || user?.userPrincipalName || r.id, status: r.status, code: r.code ?? String(r.status), ...(r.message ? { message: r.message.slice(0, 300) } : {}) };
    });
  return { purged: results.length - failures.length, failed: failures.length, failures };
}
