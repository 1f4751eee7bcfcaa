import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { GraphFailure } from '../../ports/graph-failure';
import { isApplicationScope, retryAfterMs } from './retry-after';

/** One request of a `$batch`: `url` is relative to the version root (graph-api.md §7). */
export interface BatchItem {
  readonly method: 'GET' | 'DELETE' | 'PATCH' | 'POST';
  readonly url: string;
  readonly body?: unknown;
}

/** One request's answer inside a `$batch` response (graph-api.md §7). */
export interface ItemAnswer {
  status: number;
  headers: Record<string, string>;
  code?: string;
  message?: string;
  /** The item's JSON body (a read's answer, or Graph's error). */
  body?: unknown;
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
 * Posts one `$batch` of independent requests (at most 20) and correlates the answers by id (Graph
 * may return them in any order). Never throws: a failed envelope (HTTP error, dropped connection,
 * abort) comes back as a value with Graph's status, code and Retry-After, for the caller to classify.
 */
export async function postBatch(client: Client, items: readonly BatchItem[], signal: AbortSignal | undefined, now: () => number): Promise<EnvelopeAnswer> {
  const requests = items.map((w, i) => ({
    id: String(i + 1),
    method: w.method,
    url: w.url,
    ...(w.body === undefined ? {} : { body: w.body, headers: { 'Content-Type': 'application/json' } }),
  }));
  try {
    const envelope = client.api('/$batch');
    const response = (await (signal ? envelope.option('signal', signal) : envelope).post({ requests })) as { responses?: RawItem[] } | undefined;
    const byId = new Map((response?.responses ?? []).map((r) => [r.id, r]));
    return {
      ok: true,
      answers: requests.map((r) => {
        const raw = byId.get(r.id);
        return raw && { status: raw.status, headers: raw.headers ?? {}, code: raw.body?.error?.code, message: raw.body?.error?.message, body: raw.body };
      }),
    };
  } catch (error) {
    const headers = error instanceof GraphError ? error.headers : undefined;
    return { ok: false, failure: GraphFailure.from(error), retryAfterMs: retryAfterMs(headers, now()), applicationScope: isApplicationScope(headers) };
  }
}
