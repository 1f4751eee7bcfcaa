import { OnBehalfOfCredential } from '@azure/identity';
import { AppConfig } from '../config/config';
import { SilentSignIn } from '../ports/silent-sign-in.port';
import { assertionNames } from '../ports/assertion-claims';
import type { GraphCredentialOptions } from './graph-credential-options';
import type { GraphPrincipal } from './graph-principal';
import { consentRequired, GraphFailure, identityUnavailable, SIGN_IN_REQUIRED, signInRequired } from '../ports/graph-failure';
import { isConsentMissing, isIdentityOutage } from './identity-errors';
import { Clock, systemClock } from '../time/clock';

/** How often the token service may be asked again for an admin it had no (working) token for. */
export interface SignInLookupOptions {
  /** How long a miss holds (default 60 s): background calls in between fail at once with `SignInRequired`. */
  missTtlMs?: number;
  now?: Clock['now'];
}

const DEFAULT_MISS_TTL_MS = 60_000;

/**
 * Admins kept per map (sign-ins, misses, refusals). A sign-in is remembered before the admin check
 * (that check needs it), so anyone typing a command adds one: the oldest goes first. An admin whose
 * sign-in was dropped here still has it at the token service, read again when needed.
 */
export const MAX_ADMINS_KEPT = 500;

/** Sets `key` (the newest entry), dropping the oldest ones beyond MAX_ADMINS_KEPT. */
function keepBounded<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= MAX_ADMINS_KEPT) break;
    map.delete(oldest);
  }
}

/** A sign-in kept in memory only: the admin's assertion and its on-behalf-of credential (MSAL caches Graph's token). */
interface SignIn {
  assertion: string;
  credential: OnBehalfOfCredential;
}

/**
 * GRAPH_AUTH=sso: the admins' delegated sign-ins, in memory only. Graph's token is got on-behalf-of
 * the admin's assertion: the one from their turn (remember) or, when there is none here or it stopped
 * working, the one the token service holds (useSilentSignIn: asked once, concurrent calls share the
 * question, a miss or a refused assertion remembered for `missTtlMs`). Without either, a call fails
 * with `SignInRequired`; without admin consent, with `ConsentRequired`; when Entra ID or the token
 * service cannot be reached, with the transient `IdentityUnavailable` (nothing forgotten or remembered
 * as a miss).
 */
export class SsoSignIns {
  private readonly signIns = new Map<string, SignIn>();
  /** Until when the token service is not asked again for an admin (it had nothing that worked). */
  private readonly misses = new Map<string, number>();
  /** The assertion Entra last refused per admin, and until when the token service's copy of it counts as a miss. */
  private readonly refused = new Map<string, { assertion: string; until: number }>();
  /** Lookups under way: concurrent calls for one admin share one question to the token service. */
  private readonly lookups = new Map<string, Promise<SignIn | undefined>>();
  private readonly now: Clock['now'];
  private readonly missTtlMs: number;
  private silent?: SilentSignIn;

  constructor(
    private readonly config: AppConfig,
    private readonly credentialOptions: GraphCredentialOptions = {},
    options: SignInLookupOptions = {},
  ) {
    this.now = options.now ?? systemClock.now;
    this.missTtlMs = options.missTtlMs ?? DEFAULT_MISS_TTL_MS;
  }

  useSilentSignIn(source: SilentSignIn): void {
    this.silent = source;
  }

  /** Keeps the admin's sign-in from their turn. Throws `SignInRequired` for a token that names someone else. */
  remember(principal: GraphPrincipal, assertion: string): SignIn {
    if (!assertionNames(assertion, principal)) throw signInRequired('The Teams sign-in names another user or tenant than the one acting: not used');
    const k = keyOf(principal);
    const current = this.signIns.get(k);
    if (current?.assertion === assertion) return current;
    const credential = new OnBehalfOfCredential({
      tenantId: principal.tenantId,
      clientId: this.config.graph.clientId,
      clientSecret: this.config.graph.clientSecret,
      userAssertionToken: assertion,
      authorityHost: this.config.cloudProfile.authority,
      ...this.credentialOptions,
    });
    const signIn = { assertion, credential };
    this.signIns.delete(k); // re-inserted as the newest, for the bound below
    keepBounded(this.signIns, k, signIn);
    this.misses.delete(k);
    return signIn;
  }

  /** Graph's token for the admin: remembered from a turn (or an earlier lookup) first; then the token service, once. */
  async token(principal: GraphPrincipal): Promise<string> {
    const k = keyOf(principal);
    let refusal: GraphFailure | undefined;
    const remembered = this.signIns.get(k);
    if (remembered) {
      try {
        return await this.exchange(principal, remembered);
      } catch (error) {
        if ((error as GraphFailure).code !== SIGN_IN_REQUIRED) throw error;
        refusal = error as GraphFailure;
      }
    }
    const signIn = this.signIns.get(k) ?? (await this.lookUp(principal));
    // An expired or revoked assertion and nothing newer: the admin must sign in again (their next turn does it).
    if (!signIn) throw refusal ?? signInRequired('No Teams sign-in for this admin yet');
    if (signIn === remembered) throw refusal!;
    try {
      return await this.exchange(principal, signIn);
    } catch (error) {
      if ((error as GraphFailure).code === SIGN_IN_REQUIRED) keepBounded(this.misses, k, this.now() + this.missTtlMs);
      throw error;
    }
  }

  /**
   * A token for another resource the admin delegated to (Azure Resource Manager's `user_impersonation`),
   * on-behalf-of the same sign-in. Its failures forget nothing: that resource may want consent or a
   * claims challenge Graph does not, and the Graph sign-in stays good. Throws like `token` otherwise.
   */
  async tokenForScope(principal: GraphPrincipal, scope: string): Promise<string> {
    const signIn = this.signIns.get(keyOf(principal)) ?? (await this.lookUp(principal));
    if (!signIn) throw signInRequired('No Teams sign-in for this admin yet');
    try {
      return (await signIn.credential.getToken(scope)).token;
    } catch (error) {
      if (isConsentMissing(error)) throw consentRequired(`On-behalf-of refused for ${scope}: ${(error as Error).message}`);
      if (isIdentityOutage(error)) throw identityUnavailable(`On-behalf-of did not get an answer from Microsoft Entra ID: ${(error as Error).message}`);
      throw signInRequired(`On-behalf-of failed for ${scope}: ${(error as Error).message}`);
    }
  }

  /** The token service's sign-in for this admin, unless it recently had none (or only one Entra refused). */
  private lookUp(principal: GraphPrincipal): Promise<SignIn | undefined> {
    const k = keyOf(principal);
    const silent = this.silent;
    if (!silent || (this.misses.get(k) ?? 0) > this.now()) return Promise.resolve(undefined);
    let pending = this.lookups.get(k);
    if (!pending) {
      pending = silent
        .storedSignIn(principal)
        .catch((error: unknown) => {
          // Not a miss: the token service may well hold a sign-in, it could not be asked (next call asks again).
          throw identityUnavailable(`The admin's sign-in could not be looked up: ${(error as Error)?.message ?? String(error)}`);
        })
        .then((assertion) => {
          const stale = this.refused.get(k);
          if (!assertion || (stale && stale.assertion === assertion && stale.until > this.now())) {
            keepBounded(this.misses, k, this.now() + this.missTtlMs);
            return undefined;
          }
          return this.remember(principal, assertion);
        })
        .finally(() => this.lookups.delete(k));
      this.lookups.set(k, pending);
    }
    return pending;
  }

  /**
   * Graph's token on-behalf-of the admin; a refused assertion is forgotten (the token service may
   * have a newer one). An outage (Entra unreachable or unavailable, after MSAL's own retries) keeps
   * the sign-in: it is no reason to sign in again, and the next call tries the same assertion.
   */
  private async exchange(principal: GraphPrincipal, signIn: SignIn): Promise<string> {
    try {
      return (await signIn.credential.getToken(`${this.config.graph.endpoint}/.default`)).token;
    } catch (error) {
      if (isConsentMissing(error)) throw consentRequired(`On-behalf-of refused: ${(error as Error).message}`);
      if (isIdentityOutage(error)) throw identityUnavailable(`On-behalf-of did not get an answer from Microsoft Entra ID: ${(error as Error).message}`);
      const k = keyOf(principal);
      keepBounded(this.refused, k, { assertion: signIn.assertion, until: this.now() + this.missTtlMs });
      if (this.signIns.get(k) === signIn) this.signIns.delete(k);
      throw signInRequired(`On-behalf-of failed: ${(error as Error).message}`);
    }
  }
}

const keyOf = (p: GraphPrincipal) => `${p.tenantId}/${p.userId}`;
