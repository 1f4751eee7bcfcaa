import { Client } from '@microsoft/microsoft-graph-client';
import type { RemovalFailure } from '../../core/directory-evidence';
import { UsersPreview } from '../../ports/tenant-operations.port';
import { sendBatched, throwIfDenied } from '../graph-batch';
import { GraphFailure } from '../graph-failure';
import { graphAll, graphCall, Page } from '../graph-request';

const SAMPLE_SIZE = 8;

export async function previewUsers(client: Client, keepUserId: string): Promise<UsersPreview> {
  const [count, firstPage, kept, recycleBin, synced, admins] = await Promise.all([
    countUsers(client),
    graphCall<Page<{ id: string; displayName?: string; userPrincipalName?: string; userType?: string | null }>>(() =>
      client.api('/users').select('id,displayName,userPrincipalName,userType').top(SAMPLE_SIZE + 1).get(),
    ),
    graphCall<{ id: string; displayName?: string }>(() => client.api(`/users/${encodeURIComponent(keepUserId)}`).select('id,displayName').get()),
    countDeletedUsers(client),
    // An unreadable count is unknown, never 0: the preview fails and the card says why.
    graphCall<number>(() => client.api('/users/$count').header('ConsistencyLevel', 'eventual').filter('onPremisesSyncEnabled eq true').get()),
    roleHolders(client),
  ]);
  const others = firstPage.value.filter((u) => u.id !== keepUserId);
  return {
    toDelete: Math.max(0, count - 1),
    sample: others.slice(0, SAMPLE_SIZE).map((u) => ({ name: u.displayName || u.userPrincipalName || u.id, admin: admins.has(u.id), guest: u.userType === 'Guest' })),
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

/** One `$count` call: everyone the directory lists, minus the kept admin when still listed. */
export async function remainingUsers(client: Client, keepUserId: string): Promise<number> {
  const [count, kept] = await Promise.all([
    countUsers(client),
    graphCall(() => client.api(`/users/${encodeURIComponent(keepUserId)}`).select('id').get()).then(
      () => 1,
      (error: GraphFailure) => {
        if (error.status === 404) return 0;
        throw error;
      },
    ),
  ]);
  return Math.max(0, count - kept);
}

export async function countUsers(client: Client): Promise<number> {
  return countOf(await graphCall<number>(() => client.api('/users/$count').header('ConsistencyLevel', 'eventual').get()), '/users/$count');
}

/** `$count` answers text/plain: anything but a whole number is an answer the bot cannot read, not 0. */
function countOf(answer: unknown, path: string): number {
  const count = Number(answer);
  if (typeof answer === 'boolean' || answer === null || answer === '' || !Number.isSafeInteger(count) || count < 0) {
    throw new GraphFailure(502, 'UnreadableCount', `${path} answered ${String(answer).slice(0, 40)}`).withRequest({ method: 'GET', path });
  }
  return count;
}

export async function countDeletedUsers(client: Client): Promise<number> {
  const deleted = await graphAll<{ id: string }>(client, '/directory/deletedItems/microsoft.graph.user', (r) => r.select('id').top(999));
  return deleted.length;
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
  const results = await sendBatched(client, deleted.map((u, i) => ({ id: String(i + 1), method: 'DELETE' as const, url: `/directory/deletedItems/${u.id}` })));
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
