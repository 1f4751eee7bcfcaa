import { Client } from '@microsoft/microsoft-graph-client';
import { GraphFailure } from './graph-failure';
import { graphCall } from './graph-request';
import { scopesSeenBy } from './request-label';

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version root, e.g. `/users/{id}`. */
  url: string;
  body?: unknown;
}

export interface BatchResult {
  id: string;
  status: number;
  code?: string;
  message?: string;
  body?: unknown;
  /** For a non-2xx answer: the failure, naming the item's own method and url (and the token's scopes). */
  failure?: GraphFailure;
}

export interface BatchOptions {
  /** Attempts per request for throttled or transient answers before giving up on it. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = new Set([429, 503, 504]);
const BATCH_LIMIT = 20;

/**
 * Sends requests through `$batch`, 20 at a time, and retries each throttled or transient item in a
 * new batch after the longest Retry-After (the SDK retries only the envelope, json-batching §7).
 * Sequential and unpaced: for the handful of writes of steps 4 and 5. Bulk user deletion has its own
 * paced executor.
 */
export async function sendBatched(client: Client, requests: BatchRequest[], options: BatchOptions = {}): Promise<BatchResult[]> {
  const maxAttempts = options.maxAttempts ?? 6;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const results = new Map<string, BatchResult>();
  let pending = requests;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const retry: BatchRequest[] = [];
    let waitSeconds = 0;
    for (let i = 0; i < pending.length; i += BATCH_LIMIT) {
      const chunk = pending.slice(i, i + BATCH_LIMIT);
      const body = {
        requests: chunk.map((r) => ({ id: r.id, method: r.method, url: r.url, ...(r.body === undefined ? {} : { body: r.body, headers: { 'Content-Type': 'application/json' } }) })),
      };
      const response = await graphCall<{ responses: RawResponse[] }>(() => client.api('/$batch').post(body));
      for (const item of response.responses ?? []) {
        const request = chunk.find((r) => r.id === item.id);
        const result: BatchResult = { id: item.id, status: item.status, code: item.body?.error?.code, message: item.body?.error?.message, body: item.body };
        if (request && (item.status < 200 || item.status >= 300)) {
          result.failure = GraphFailure.ofBatchItem(request, { status: item.status, code: result.code, message: result.message }, { method: 'POST', path: '/$batch', scopes: scopesSeenBy(client) });
        }
        if (RETRYABLE.has(item.status) && attempt < maxAttempts) {
          retry.push(chunk.find((r) => r.id === item.id)!);
          waitSeconds = Math.max(waitSeconds, retryAfterSeconds(item.headers, attempt));
        } else {
          results.set(item.id, result);
        }
      }
      for (const r of chunk) {
        if (!results.has(r.id) && !retry.includes(r)) {
          throw new GraphFailure(502, 'BatchResponseIncomplete', `$batch answered without request ${r.id}`);
        }
      }
    }
    pending = retry;
    if (pending.length > 0) await sleep(waitSeconds * 1000);
  }
  return requests.map((r) => results.get(r.id)!);
}

/**
 * Throws the first item refused for a missing permission or consent: the admin must act on that, and
 * counting such items as merely "failed" would hide why. Other refusals stay counted per item.
 */
export function throwIfDenied(results: BatchResult[]): void {
  const denied = results.find((r) => r.failure && ['permission', 'consent', 'signIn'].includes(r.failure.kind));
  if (denied?.failure) throw denied.failure;
}

/** For reads: any item that did not answer 2xx makes the whole answer unknown (never counted as nothing). */
export function throwIfAnyFailed(results: BatchResult[]): void {
  const failed = results.find((r) => r.failure);
  if (failed?.failure) throw failed.failure;
}

interface RawResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: { error?: { code?: string; message?: string } };
}

function retryAfterSeconds(headers: Record<string, string> | undefined, attempt: number): number {
  const header = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 180);
  return Math.min(2 ** attempt, 60);
}
