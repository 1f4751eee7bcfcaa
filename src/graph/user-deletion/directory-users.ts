import { Client } from '@microsoft/microsoft-graph-client';
import { Clock } from '../../time/clock';
import { followLink, graphCall, Page } from '../graph-request';
import { GraphFailure } from '../../ports/graph-failure';
import { TransientRetryOptions, withTransientRetry } from '../../time/transient-retry';
import { ListedUser } from './user-deletion-target';

/** Tries per page and the backoff between them. */
export type ListingOptions = TransientRetryOptions;

/**
 * Every user of the directory, page by page (`$top=999`, the whole `@odata.nextLink` followed as
 * given, graph-api.md §3.1). Each page is fetched only when the previous one is consumed, so a
 * deletion can start on page 1 while the rest is still unread.
 */
export async function* directoryUsers(client: Client, clock: Clock, options: ListingOptions): AsyncGenerator<ListedUser> {
  const read = (request: () => Promise<Page<ListedUser>>) =>
    withTransientRetry(
      () => graphCall(request),
      (error) => GraphFailure.from(error),
      clock,
      options,
    );
  let page = await read(() => client.api('/users').select('id,userPrincipalName').top(999).get());
  for (;;) {
    for (const user of page.value) yield user;
    const next = page['@odata.nextLink'];
    if (!next || options.signal?.aborted) return;
    page = await read(() => followLink(client, next).get());
  }
}

/** Users of the directory (`/users/$count`, eventually consistent: an estimate for progress only). */
export async function countUsers(client: Client, clock: Clock, options: ListingOptions): Promise<number> {
  const count = await withTransientRetry(
    () => graphCall<number>(() => client.api('/users/$count').header('ConsistencyLevel', 'eventual').get()),
    (error) => GraphFailure.from(error),
    clock,
    options,
  );
  return Number(count);
}
