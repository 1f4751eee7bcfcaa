import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { GraphFailure } from '../graph-failure';
import { BulkWrite } from './bulk-write';
import { isApplicationScope, retryAfterMs } from './retry-after';

/** One request's answer inside a `$batch` response (graph-api.md §7). */
export interface ItemAnswer {
  status: number;
  headers: Record<string, string>;
  code?: string;
  message?: string;
}

export type EnvelopeAnswer =
  /** Answers by position in the batch; undefined where Graph left a request out. */
  | { ok: true; answers: Array<ItemAnswer | undefined> }
  /** `applicationScope`: a 429 of the application's quota over all tenants (`x-ms-throttle-scope`). */
  | { ok: false; failure: GraphFailure; retryAfterMs?: number; applicationScope: boolean };

interface RawItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: { error?: { code?: string; message?: string } };
}

/**
 * Posts one `$batch` of independent writes and correlates the answers by id (Graph may return them
 * in any order). Never throws: a failed envelope (HTTP error, dropped connection, abort) comes back
 * as a value with Graph's status, code and Retry-After, for the executor to classify.
 */
export async function postBatch(client: Client, writes: readonly BulkWrite[], signal: AbortSignal, now: () => number): Promise<EnvelopeAnswer> {
  const requests = writes.map((w, i) => ({
    id: String(i + 1),
    method: w.method,
    url: w.url,
    ...(w.body === undefined ? {} : { body: w.body, headers: { 'Content-Type': 'application/json' } }),
  }));
  try {
    const response = (await client.api('/$batch').option('signal', signal).post({ requests })) as { responses?: RawItem[] } | undefined;
    const byId = new Map((response?.responses ?? []).map((r) => [r.id, r]));
    return {
      ok: true,
      answers: requests.map((r) => {
        const raw = byId.get(r.id);
        return raw && { status: raw.status, headers: raw.headers ?? {}, code: raw.body?.error?.code, message: raw.body?.error?.message };
      }),
    };
  } catch (error) {
    const headers = error instanceof GraphError ? error.headers : undefined;
    return { ok: false, failure: GraphFailure.from(error), retryAfterMs: retryAfterMs(headers, now()), applicationScope: isApplicationScope(headers) };
  }
}
