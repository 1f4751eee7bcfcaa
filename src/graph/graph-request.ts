import { Client } from '@microsoft/microsoft-graph-client';
import { GraphFailure, GraphRequestTarget } from '../ports/graph-failure';

export interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/**
 * Runs one SDK call, turning whatever it throws into a GraphFailure; with `target`, the failure
 * says which request it was (kept when an inner call already said).
 */
export async function graphCall<T>(request: () => Promise<T>, target?: GraphRequestTarget): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const failure = GraphFailure.from(error);
    if (target && !failure.request) failure.request = { method: target.method, path: target.path.split('?')[0] };
    throw failure;
  }
}

/**
 * The request for an `@odata.nextLink`. The SDK takes a string as a full URL only when it starts
 * with https://, so an absolute link is turned into its path below the version (the whole link is
 * kept otherwise: paging.md says never to rebuild a skiptoken).
 */
export function followLink(client: Client, link: string): ReturnType<Client['api']> {
  if (!/^https?:\/\//i.test(link)) return client.api(link);
  const url = new URL(link);
  return client.api(url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '') + url.search);
}

/**
 * Follows `@odata.nextLink` to the end (paging: the whole link, never a parsed skiptoken). Headers
 * such as ConsistencyLevel are not carried to later pages by Graph, so `headers` are resent.
 */
export async function graphAll<T>(client: Client, path: string, configure?: (r: ReturnType<Client['api']>) => ReturnType<Client['api']>, headers: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let request = client.api(path).headers(headers);
  if (configure) request = configure(request);
  const target = { method: 'GET', path };
  let page = await graphCall<Page<T>>(() => request.get(), target);
  items.push(...page.value);
  while (page['@odata.nextLink']) {
    const next = page['@odata.nextLink'];
    page = await graphCall<Page<T>>(() => followLink(client, next).headers(headers).get(), target);
    items.push(...page.value);
  }
  return items;
}
