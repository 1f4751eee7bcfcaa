/** Which request an answer belongs to, and the delegated scopes its token carried. */
export interface RequestLabel {
  method: string;
  /** Below the version, without the query: `/users/$count`, `/identity/conditionalAccess/policies`. */
  path: string;
  /** The token's `scp` claim, split; undefined when the token has none (static or app-only tokens). */
  scopes?: string[];
}

/**
 * The SDK's GraphError keeps the failed answer's headers object and nothing of the request, so each
 * answer's headers are remembered here with their request (weakly: they go with the answer). The
 * Graph adapter's middleware labels every answer; `GraphFailure.from` reads the label wherever the
 * SDK's error is caught.
 */
const labels = new WeakMap<object, RequestLabel>();

export function labelAnswer(headers: object, label: RequestLabel): void {
  labels.set(headers, label);
}

export function labelOfResponse(headers: unknown): RequestLabel | undefined {
  return headers && typeof headers === 'object' ? labels.get(headers) : undefined;
}
