import { labelOfResponse, RequestLabel } from './graph-answer-label';

/**
 * What kind of failure this is, decided once, for every reply and step card:
 * - `transient`: throttling, a server error, a timeout or a dropped connection: retried, and only
 *   after that "try again in a few minutes";
 * - `signIn`: the admin's sign-in cannot be used: they sign in again;
 * - `consent`: no admin consent for the app in this tenant: a Global Administrator grants it;
 * - `permission`: Graph refused (401/403): a permission the app lacks, or a role the admin lacks;
 * - `notFound`: 404: the resource is gone, or this cloud does not offer it;
 * - `refused`: any other answer of Graph's (400 and the like): it will answer the same again.
 */
export type FailureKind = 'transient' | 'signIn' | 'consent' | 'permission' | 'notFound' | 'refused';

/** A Graph call that did not succeed, with what Graph said (never the token or request body). */
export class GraphFailure extends Error {
  /**
   * The refused request, when the caller said which (method and path, no query): with the token's
   * `scp` and Microsoft's permission data it names the permission a 403 lacked.
   */
  request?: GraphRequestTarget;
  /**
   * The delegated scopes (`scp`) of the token the request carried; undefined when the token had
   * none (the simulator's static tokens, an app-only token).
   */
  tokenScopes?: string[];

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
    return this.status === 429 || this.status === 408 || this.status >= 500 || this.status === 0;
  }

  get kind(): FailureKind {
    if (this.code === SIGN_IN_REQUIRED) return 'signIn';
    if (this.code === CONSENT_REQUIRED) return 'consent';
    if (this.transient) return 'transient';
    if (this.status === 401 || this.status === 403) return 'permission';
    if (this.status === 404) return 'notFound';
    return 'refused';
  }

  /** Everything but transient failures: the same request gets the same answer until the admin acts. */
  get permanent(): boolean {
    return this.kind !== 'transient';
  }

  /** The same failure, naming the request that failed (a `$batch` item's own method and url). */
  withRequest(request: RequestLabel | undefined): this {
    if (request) {
      this.request = { method: request.method, path: request.path };
      this.tokenScopes = request.scopes;
    }
    return this;
  }

  /** Wraps whatever the Graph SDK or fetch threw. */
  static from(error: unknown): GraphFailure {
    if (error instanceof GraphFailure) return error;
    const e = error as { statusCode?: number; code?: string; message?: string; requestId?: string; body?: unknown; headers?: unknown };
    // The SDK wraps what a middleware throws (the token source's "sign-in required") in a GraphError
    // with statusCode -1 and the original error's name as code.
    if (e?.code === SIGN_IN_REQUIRED) return signInRequired(e.message ?? '');
    if (e?.code === CONSENT_REQUIRED) return consentRequired(e.message ?? '');
    if (e?.code === IDENTITY_UNAVAILABLE) return identityUnavailable(e.message ?? '');
    if (typeof e?.statusCode === 'number' && e.statusCode > 0) {
      // The SDK's GraphError keeps the answer's headers object: the label middleware knows its request.
      return new GraphFailure(e.statusCode, e.code ?? 'UnknownError', e.message ?? 'Graph request failed', e.requestId).withRequest(labelOfResponse(e.headers));
    }
    return new GraphFailure(0, 'NetworkError', e?.message ?? String(error));
  }

  /** A `$batch` item Graph refused, named by the item's own method and url (the envelope is always POST /$batch). */
  static ofBatchItem(item: { method: string; url: string }, answer: { status: number; code?: string; message?: string }, envelope?: RequestLabel): GraphFailure {
    const failure = new GraphFailure(answer.status, answer.code ?? 'UnknownError', answer.message ?? `Graph answered ${answer.status}`);
    return failure.withRequest({ method: item.method.toUpperCase(), path: item.url.split('?')[0], scopes: envelope?.scopes });
  }
}

/** Which Graph request failed: its method and its path below the version, without the query. */
export interface GraphRequestTarget {
  method: string;
  path: string;
}

export const SIGN_IN_REQUIRED = 'SignInRequired';

/** No delegated token for this admin: they must sign in (again) through Teams. */
export function signInRequired(message: string): GraphFailure {
  const failure = new GraphFailure(401, SIGN_IN_REQUIRED, message);
  // The Graph SDK keeps only an error's name and message when a middleware throws.
  failure.name = SIGN_IN_REQUIRED;
  return failure;
}

export const CONSENT_REQUIRED = 'ConsentRequired';

/** The app lacks admin consent in this tenant: the admin must grant it (a link, not a sign-in). */
export function consentRequired(message: string): GraphFailure {
  const failure = new GraphFailure(403, CONSENT_REQUIRED, message);
  failure.name = CONSENT_REQUIRED;
  return failure;
}

export const IDENTITY_UNAVAILABLE = 'IdentityUnavailable';

/**
 * Entra ID or the Bot Framework token service could not be asked for the admin's token (unreachable,
 * or answering that it is unavailable): transient, and the admin's sign-in still holds, so they are
 * not asked to sign in again (nor signed out) for an outage.
 */
export function identityUnavailable(message: string): GraphFailure {
  const failure = new GraphFailure(503, IDENTITY_UNAVAILABLE, message);
  failure.name = IDENTITY_UNAVAILABLE;
  return failure;
}
