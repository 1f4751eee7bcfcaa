import { Client } from '@microsoft/microsoft-graph-client';
import { Clock, systemClock } from '../../time/clock';
import { GraphFailure } from '../../ports/graph-failure';
import { scopesSeenBy } from '../request-label';
import { BatchItem, postBatch } from './batch-envelope';
import { retryAfterMs } from './retry-after';

export interface BatchRequest extends BatchItem {
  id: string;
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
  clock?: Clock;
}

const RETRYABLE = new Set([429, 503, 504]);
const BATCH_LIMIT = 20;
/** The longest Retry-After honoured (the SDK caps at 180 s too). */
const MAX_RETRY_AFTER_MS = 180_000;

/**
 * Sends requests through `$batch`, 20 at a time, and retries each throttled or transient item in a
 * new batch after the longest Retry-After (the SDK retries only the envelope, json-batching §7).
 * Sequential and unpaced: for the handful of writes of steps 4 and 5. Bulk user deletion sends the
 * same envelopes through the paced BulkWriteExecutor.
 */
export async function sendBatched(client: Client, requests: BatchRequest[], options: BatchOptions = {}): Promise<BatchResult[]> {
  const maxAttempts = options.maxAttempts ?? 6;
  const clock = options.clock ?? systemClock;
  const results = new Map<string, BatchResult>();
  let pending = requests;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const retry: BatchRequest[] = [];
    let waitMs = 0;
    for (let i = 0; i < pending.length; i += BATCH_LIMIT) {
      const chunk = pending.slice(i, i + BATCH_LIMIT);
      const answer = await postBatch(client, chunk, undefined, clock.now);
      if (!answer.ok) throw answer.failure;
      answer.answers.forEach((item, n) => {
        const request = chunk[n];
        if (!item) throw new GraphFailure(502, 'BatchResponseIncomplete', `$batch answered without request ${request.id}`);
        const result: BatchResult = { id: request.id, status: item.status, code: item.code, message: item.message, body: item.body };
        if (item.status < 200 || item.status >= 300) {
          result.failure = GraphFailure.ofBatchItem(request, { status: item.status, code: item.code, message: item.message }, { method: 'POST', path: '/$batch', scopes: scopesSeenBy(client) });
        }
        if (RETRYABLE.has(item.status) && attempt < maxAttempts) {
          retry.push(request);
          waitMs = Math.max(waitMs, Math.min(MAX_RETRY_AFTER_MS, retryAfterMs(item.headers, clock.now()) ?? Math.min(2 ** attempt, 60) * 1000));
        } else {
          results.set(request.id, result);
        }
      });
    }
    pending = retry;
    if (pending.length > 0) await clock.sleep(waitMs);
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
