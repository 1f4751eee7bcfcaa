/** What a route answers, before it is written to a socket or wrapped in a `$batch` item. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body, or a string sent as text/plain (e.g. `/users/$count`, graph-api.md §3.1). */
  body?: unknown;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): SimResponse {
  return { status, body, headers };
}

export function noContent(): SimResponse {
  return { status: 204 };
}

export function text(value: string): SimResponse {
  return { status: 200, body: value, headers: { 'Content-Type': 'text/plain' } };
}
