import { createPublicKey } from 'node:crypto';
import { Logger } from '../observability/logger';
import { Clock, systemClock } from '../time/clock';

export interface SigningKeysOptions {
  /** Keys older than this are refreshed in the background while they keep serving (botbuilder's default: 24 h). */
  refreshIntervalMs: number;
  /** A token naming a key id we do not have refetches the keys at most this often (a flood of forged ids must not hammer the endpoint). */
  unknownKeyRefetchMs: number;
  /** After a failed fetch, no new attempt before this long (also the Retry-After while no key was ever fetched). */
  retryAfterFailureMs: number;
  /** One fetch (metadata or key set) gives up after this long. */
  fetchTimeoutMs: number;
  now: Clock['now'];
}

export const DEFAULT_SIGNING_KEYS_OPTIONS: SigningKeysOptions = {
  refreshIntervalMs: 24 * 60 * 60_000,
  unknownKeyRefetchMs: 5 * 60_000,
  retryAfterFailureMs: 10_000,
  fetchTimeoutMs: 5_000,
  now: systemClock.now,
};

/** What botbuilder's JwtTokenExtractor asks of its OpenID metadata: the PEM of a key id, and the channels it is endorsed for. */
export interface SigningKey {
  key: string;
  endorsements?: string[];
}

/**
 * No signing key was ever fetched, so no token can be checked: the request should be answered 503
 * with Retry-After (a refusal, 401, would tell a real channel its token is bad).
 */
export class SigningKeysUnavailableError extends Error {
  override readonly name = 'SigningKeysUnavailableError';
  constructor(readonly retryAfterSeconds: number) {
    super('The Bot Framework signing keys could not be fetched yet');
  }
}

/**
 * The Bot Framework channel's signing keys (its OpenID metadata, then the JWKS it names), in place of
 * botbuilder's own OpenIdMetadata, which throws the fetch error (host name, ECONNREFUSED) up to a 500
 * whenever the endpoint is unreachable and its keys are missing or a day old.
 *
 * @remarks
 * - The last good keys keep serving when a refresh fails: an outage of the metadata endpoint does not
 *   lock out real traffic. Stale keys are refreshed in the background, never in a request's way.
 * - A key id we do not have refetches at most every `unknownKeyRefetchMs` (one fetch at a time), so a
 *   flood of forged key ids cannot hammer the endpoint; meanwhile such tokens are simply unknown (401).
 * - Only when no key was ever fetched does `getKey` throw (SigningKeysUnavailableError); failed first
 *   fetches are retried at most every `retryAfterFailureMs`.
 * - Every fetch, failure and rate-limited refetch is logged; the endpoint's address stays in the log.
 */
export class BotSigningKeys {
  private keys?: Map<string, SigningKey>;
  private fetchedAt = 0;
  private lastAttemptAt = 0;
  private lastAttemptFailed = false;
  private inFlight?: Promise<boolean>;
  private skippedUnknown = 0;
  private readonly options: SigningKeysOptions;

  constructor(
    readonly metadataUrl: string,
    private readonly log: Logger,
    options: Partial<SigningKeysOptions> = {},
  ) {
    this.options = { ...DEFAULT_SIGNING_KEYS_OPTIONS, ...options };
  }

  /** botbuilder's contract: the key, or null when the key id is unknown (then the token is refused, 401). */
  async getKey(keyId: string | undefined): Promise<SigningKey | null> {
    if (!this.keys) {
      if (this.inBackoff()) throw new SigningKeysUnavailableError(this.retryAfterSeconds());
      await this.refresh('first use');
      if (!this.keys) throw new SigningKeysUnavailableError(this.retryAfterSeconds());
      return this.find(keyId);
    }
    const now = this.options.now();
    const known = this.find(keyId);
    if (known) {
      if (now - this.fetchedAt >= this.options.refreshIntervalMs && !this.inBackoff()) void this.refresh('keys older than the refresh interval');
      return known;
    }
    if (now - this.lastAttemptAt >= this.options.unknownKeyRefetchMs) {
      if (this.skippedUnknown > 0) this.log.info({ metadata: this.metadataUrl, skipped: this.skippedUnknown }, 'Tokens naming unknown signing key ids were refused without refetching the keys (rate limit)');
      this.skippedUnknown = 0;
      await this.refresh('a token names an unknown signing key id');
      return this.find(keyId);
    }
    if (this.skippedUnknown++ === 0) {
      this.log.warn(
        { metadata: this.metadataUrl, nextRefetchInMs: this.lastAttemptAt + this.options.unknownKeyRefetchMs - now },
        'A token names an unknown signing key id; the keys were fetched recently, so it is refused without refetching',
      );
    }
    return null;
  }

  /** Fetches the keys now (one fetch at a time); true if they were fetched. Failures keep the last good keys. */
  refresh(reason: string): Promise<boolean> {
    this.inFlight ??= this.fetchKeys(reason).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetchKeys(reason: string): Promise<boolean> {
    this.lastAttemptAt = this.options.now();
    try {
      const metadata = (await this.fetchJson(this.metadataUrl)) as { jwks_uri?: unknown };
      if (typeof metadata?.jwks_uri !== 'string') throw new Error('the OpenID metadata has no jwks_uri');
      const keySet = (await this.fetchJson(metadata.jwks_uri)) as { keys?: unknown };
      if (!Array.isArray(keySet?.keys)) throw new Error('the key set has no keys array');
      this.keys = parseKeys(keySet.keys);
      this.fetchedAt = this.options.now();
      this.lastAttemptFailed = false;
      this.log.info({ metadata: this.metadataUrl, keys: this.keys.size, reason }, 'Fetched the Bot Framework signing keys');
      return true;
    } catch (error) {
      this.lastAttemptFailed = true;
      const detail = { metadata: this.metadataUrl, reason, error: describe(error), retryInMs: this.options.retryAfterFailureMs };
      if (this.keys) {
        this.log.warn({ ...detail, keys: this.keys.size, fetchedAt: new Date(this.fetchedAt).toISOString() }, 'Could not refresh the Bot Framework signing keys; the last good keys keep serving');
      } else {
        this.log.error(detail, 'Could not fetch the Bot Framework signing keys; requests with a token are answered 503 until they can be fetched');
      }
      return false;
    }
  }

  private async fetchJson(url: string): Promise<unknown> {
    const response = await fetch(url, { signal: AbortSignal.timeout(this.options.fetchTimeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
    return response.json();
  }

  private find(keyId: string | undefined): SigningKey | null {
    return (keyId !== undefined && this.keys?.get(keyId)) || null;
  }

  private inBackoff(): boolean {
    return this.lastAttemptFailed && this.options.now() - this.lastAttemptAt < this.options.retryAfterFailureMs;
  }

  private retryAfterSeconds(): number {
    const wait = this.lastAttemptAt + this.options.retryAfterFailureMs - this.options.now();
    return Math.max(1, Math.ceil(wait / 1000));
  }
}

/** RSA keys with their endorsements, as botbuilder reads them (others, e.g. EC, are skipped like botbuilder does). */
function parseKeys(raw: unknown[]): Map<string, SigningKey> {
  const keys = new Map<string, SigningKey>();
  for (const entry of raw) {
    const jwk = entry as { kid?: unknown; kty?: unknown; n?: unknown; e?: unknown; endorsements?: unknown };
    if (typeof jwk?.kid !== 'string' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') continue;
    try {
      const pem = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' })
        .export({ type: 'spki', format: 'pem' })
        .toString();
      const endorsements = Array.isArray(jwk.endorsements) ? jwk.endorsements.filter((x): x is string => typeof x === 'string') : undefined;
      keys.set(jwk.kid, { key: pem, endorsements });
    } catch {
      // A malformed key cannot verify anything; the others still can.
    }
  }
  return keys;
}

function describe(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const cause = err?.cause ? ` (${err.cause.code ?? err.cause.message})` : '';
  return `${err?.name ?? 'Error'}: ${err?.message ?? String(error)}${cause}`;
}
