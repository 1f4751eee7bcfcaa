import { dispatch } from './dispatch';
import { badRequest } from './graph-error';
import { ApiVersion } from './router';
import { SimContext } from './sim-context';
import { json, SimResponse } from './sim-response';

/** graph-api.md §7: at most 20 requests per batch (the JS SDK enforces the same limit). */
export const BATCH_LIMIT = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

interface ItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * `POST /$batch` (graph-api.md §7): a malformed envelope, more than 20 requests, duplicate ids or an
 * unknown `dependsOn` answer 400 for the whole batch; otherwise 200 with one response per request.
 * Each request is authenticated, throttled (its own 429 and Retry-After) and executed on its own;
 * a request whose dependency failed gets 424. Independent requests come back in a shuffled (seeded)
 * order, since Graph promises no order: clients must correlate by id.
 */
export function handleBatch(sim: SimContext, version: ApiVersion, envelopeHeaders: Record<string, string>, body: unknown): SimResponse {
  const items = parseItems(body);
  const results = new Map<string, ItemResponse>();
  const order: ItemResponse[] = [];
  const pending = [...items];
  while (pending.length > 0) {
    const index = pending.findIndex((item) => item.dependsOn.every((dep) => results.has(dep)));
    if (index < 0) throw badRequest('The dependsOn references of the batch form a cycle.');
    const [item] = pending.splice(index, 1);
    const failedDependency = item.dependsOn.find((dep) => (results.get(dep)?.status ?? 0) >= 400);
    const result = failedDependency !== undefined ? dependencyFailed(item.id) : execute(sim, version, envelopeHeaders, item);
    results.set(item.id, result);
    order.push(result);
  }
  if (items.every((item) => item.dependsOn.length === 0)) shuffle(order, sim.random);
  return json({ responses: order });
}

function execute(sim: SimContext, version: ApiVersion, envelopeHeaders: Record<string, string>, item: BatchItem): ItemResponse {
  const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'http://batch.invalid');
  const headers: Record<string, string> = { ...item.headers };
  if (envelopeHeaders['authorization']) headers['authorization'] = envelopeHeaders['authorization'];
  const { response } = dispatch(sim, { method: item.method, version, path: url.pathname, query: url.searchParams, headers, body: item.body, inBatch: true });
  const result: ItemResponse = { id: item.id, status: response.status, headers: response.headers ?? {} };
  if (response.body !== undefined) result.body = response.body;
  return result;
}

function dependencyFailed(id: string): ItemResponse {
  return {
    id,
    status: 424,
    headers: { 'Content-Type': 'application/json' },
    body: { error: { code: 'FailedDependency', message: 'The request depends on a request that failed.' } },
  };
}

function parseItems(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests)) throw badRequest('Invalid batch payload format.', 'BadRequest');
  if (requests.length > BATCH_LIMIT) throw badRequest(`The number of requests in the batch exceeds the maximum of ${BATCH_LIMIT}.`, 'BadRequest');
  const seen = new Set<string>();
  const items = requests.map((raw: unknown): BatchItem => {
    const r = (raw ?? {}) as Record<string, unknown>;
    if (typeof r.id !== 'string' || r.id === '' || typeof r.method !== 'string' || typeof r.url !== 'string') {
      throw badRequest('Each batch request needs an id, a method and a relative url.', 'BadRequest');
    }
    if (seen.has(r.id)) throw badRequest(`Batch request ids must be unique; '${r.id}' is repeated.`, 'BadRequest');
    seen.add(r.id);
    const headers = lowerCaseKeys(r.headers);
    if (r.body !== undefined && !headers['content-type']) throw badRequest(`Batch request '${r.id}' has a body but no Content-Type header.`, 'BadRequest');
    if (/^[a-z]+:\/\//i.test(r.url)) throw badRequest(`Batch request '${r.id}' must use a relative url.`, 'BadRequest');
    const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [];
    return { id: r.id, method: r.method, url: r.url, headers, body: r.body, dependsOn };
  });
  for (const item of items) {
    const unknown = item.dependsOn.find((dep) => !seen.has(dep));
    if (unknown !== undefined) throw badRequest(`Batch request '${item.id}' depends on unknown request '${unknown}'.`, 'BadRequest');
  }
  return items;
}

function lowerCaseKeys(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out[k.toLowerCase()] = String(v);
  return out;
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
