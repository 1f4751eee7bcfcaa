/** A Graph call that did not succeed, with what Graph said (never the token or request body). */
export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'GraphFailure';
  }

  /** Throttling and transient server errors: worth retrying later. */
  get transient(): boolean {
    return this.status === 429 || this.status >= 500 || this.status === 0;
  }

  /** Wraps whatever the Graph SDK or fetch threw. */
  static from(error: unknown): GraphFailure {
    if (error instanceof GraphFailure) return error;
    const e = error as { statusCode?: number; code?: string; message?: string; requestId?: string; body?: unknown };
    if (typeof e?.statusCode === 'number' && e.statusCode > 0) {
      return new GraphFailure(e.statusCode, e.code ?? 'UnknownError', e.message ?? 'Graph request failed', e.requestId);
    }
    return new GraphFailure(0, 'NetworkError', e?.message ?? String(error));
  }
}
