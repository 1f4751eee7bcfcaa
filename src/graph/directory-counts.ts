import { Client } from '@microsoft/microsoft-graph-client';
import { GraphFailure } from '../ports/graph-failure';
import { graphAll, graphCall } from './graph-request';

// Counts of the directory that more than one reader needs (the inventory, Step 1's preview and check, Step 5's blockers).

export async function countUsers(client: Client): Promise<number> {
  return countOf(await graphCall<number>(() => client.api('/users/$count').header('ConsistencyLevel', 'eventual').get()), '/users/$count');
}

/** `$count` answers text/plain: anything but a whole number is an answer the bot cannot read, not 0. */
export function countOf(answer: unknown, path: string): number {
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
