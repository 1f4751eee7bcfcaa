import { Client } from '@microsoft/microsoft-graph-client';
import { AuthorityValidationOptions, ClientSecretCredential, OnBehalfOfCredential, TokenCredentialOptions } from '@azure/identity';
import { AppConfig } from '../config/config';
import { createGraphClient } from './graph-client.factory';
import { GraphResponseObserver } from './graph-metrics.middleware';
import { consentRequired, GraphFailure, isConsentMissing, SIGN_IN_REQUIRED, signInRequired } from './graph-failure';
import { SilentSignIn } from '../ports/silent-sign-in.port';

/** Who the bot acts for in a Graph call: the tenant, and the admin whose turn or job it is. */
export interface GraphPrincipal {
  tenantId: string;
  userId: string;
}

/** Hands out Graph clients per tenant and acting user, according to GRAPH_AUTH. */
export interface GraphAccess {
  client(principal: GraphPrincipal, version?: 'v1.0' | 'beta'): Client;
  /**
   * `sso`: the admin's token from this turn's Teams SSO exchange. Kept in memory only (never
   * stored), it lets background work for this admin go on through on-behalf-of; once Entra refuses
   * it (expired), the silent sign-in (if any) is asked for a newer one.
   */
  rememberSignIn(principal: GraphPrincipal, userAssertion: string): void;
  /**
   * `sso`: where an admin's sign-in is found when none is remembered here (after a restart, on
   * another instance) or the remembered one no longer works (expired): the Bot Framework token
   * service, through the hosting layer. Without it, such calls fail with `SignInRequired`.
   */
  useSilentSignIn(source: SilentSignIn): void;
}

/** How often the token service may be asked again for an admin it had no (working) token for. */
export interface SignInLookupOptions {
  /** How long a miss holds (default 60 s): background calls in between fail at once with `SignInRequired`. */
  missTtlMs?: number;
  now?: () => number;
}

const DEFAULT_MISS_TTL_MS = 60_000;

/** A sign-in kept in memory only: the admin's assertion and its on-behalf-of credential (MSAL caches Graph's token). */
interface SignIn {
  assertion: string;
  credential: OnBehalfOfCredential;
}

/**
 * Extra settings for the Entra ID credentials, on top of the cloud's authority. Production passes
 * none. Tests pass a local stand-in for Entra ID: its https origin as `authorityHost`, its
 * throwaway certificate in `tlsOptions`, and `disableInstanceDiscovery` (instance discovery asks
 * login.microsoftonline.com about the authority, which only knows Microsoft's own). Not a setting:
 * it decides where the client secret is sent.
 */
export type GraphCredentialOptions = Pick<TokenCredentialOptions, 'authorityHost' | 'tlsOptions'> & AuthorityValidationOptions;

/**
 * - `static`: GRAPH_TOKEN, with `{tenantId}`/`{userId}` filled in (simulators that serve many tenants).
 * - `app`: client credentials in the customer's tenant (one credential per tenant, cached).
 * - `sso`: the admin's delegated token: Teams SSO through the bot's OAuth connection gives a token
 *   for the bot's own API, exchanged on-behalf-of for Graph. The token comes from the admin's turn
 *   (rememberSignIn) or, when there is none in memory or it stopped working, from the token service
 *   (useSilentSignIn: asked once, a miss remembered for `missTtlMs`). Without either every call fails
 *   with `SignInRequired`, which the admin sees as a clear message.
 */
export function createGraphAccess(
  config: AppConfig,
  observe?: GraphResponseObserver,
  credentialOptions: GraphCredentialOptions = {},
  lookupOptions: SignInLookupOptions = {},
): GraphAccess {
  const credentials = new Map<string, ClientSecretCredential>();
  const signIns = new Map<string, SignIn>();
  const key = (p: GraphPrincipal) => `${p.tenantId}/${p.userId}`;
  const now = lookupOptions.now ?? Date.now;
  const missTtlMs = lookupOptions.missTtlMs ?? DEFAULT_MISS_TTL_MS;
  let silent: SilentSignIn | undefined;
  /** Until when the token service is not asked again for an admin (it had nothing that worked). */
  const misses = new Map<string, number>();
  /** The assertion Entra last refused per admin, and until when the token service's copy of it counts as a miss. */
  const refused = new Map<string, { assertion: string; until: number }>();
  /** Lookups under way: concurrent calls for one admin share one question to the token service. */
  const lookups = new Map<string, Promise<SignIn | undefined>>();

  const remember = (principal: GraphPrincipal, assertion: string): SignIn => {
    const current = signIns.get(key(principal));
    if (current?.assertion === assertion) return current;
    const credential = new OnBehalfOfCredential({
      tenantId: principal.tenantId,
      clientId: config.graph.clientId,
      clientSecret: config.graph.clientSecret,
      userAssertionToken: assertion,
      authorityHost: config.cloudProfile.authority,
      ...credentialOptions,
    });
    const signIn = { assertion, credential };
    signIns.set(key(principal), signIn);
    misses.delete(key(principal));
    return signIn;
  };

  /** The token service's sign-in for this admin, unless it recently had none (or only one Entra refused). */
  const lookUp = (principal: GraphPrincipal): Promise<SignIn | undefined> => {
    const k = key(principal);
    if (!silent || (misses.get(k) ?? 0) > now()) return Promise.resolve(undefined);
    let pending = lookups.get(k);
    if (!pending) {
      pending = silent
        .storedSignIn(principal)
        .catch(() => undefined)
        .then((assertion) => {
          const stale = refused.get(k);
          if (!assertion || (stale && stale.assertion === assertion && stale.until > now())) {
            misses.set(k, now() + missTtlMs);
            return undefined;
          }
          return remember(principal, assertion);
        })
        .finally(() => lookups.delete(k));
      lookups.set(k, pending);
    }
    return pending;
  };

  /** Graph's token on-behalf-of the admin; a refused assertion is forgotten (the token service may have a newer one). */
  const exchange = async (principal: GraphPrincipal, signIn: SignIn): Promise<string> => {
    try {
      return (await signIn.credential.getToken(`${config.graph.endpoint}/.default`)).token;
    } catch (error) {
      if (isConsentMissing(error)) throw consentRequired(`On-behalf-of refused: ${(error as Error).message}`);
      const k = key(principal);
      refused.set(k, { assertion: signIn.assertion, until: now() + missTtlMs });
      if (signIns.get(k) === signIn) signIns.delete(k);
      throw signInRequired(`On-behalf-of failed: ${(error as Error).message}`);
    }
  };

  const tokenFor = (principal: GraphPrincipal): (() => Promise<string>) => {
    switch (config.graph.auth) {
      case 'static':
        return async () => config.graph.token.replaceAll('{tenantId}', principal.tenantId).replaceAll('{userId}', principal.userId);
      case 'app':
        return async () => {
          let credential = credentials.get(principal.tenantId);
          if (!credential) {
            credential = new ClientSecretCredential(principal.tenantId, config.graph.clientId, config.graph.clientSecret, {
              authorityHost: config.cloudProfile.authority,
              ...credentialOptions,
            });
            credentials.set(principal.tenantId, credential);
          }
          try {
            return (await credential.getToken(`${config.graph.endpoint}/.default`)).token;
          } catch (error) {
            if (isConsentMissing(error)) throw consentRequired(`Client credentials refused: ${(error as Error).message}`);
            throw error;
          }
        };
      case 'sso':
        return async () => {
          // Remembered from a turn (or an earlier lookup) first; then the token service, once.
          let refusal: GraphFailure | undefined;
          const remembered = signIns.get(key(principal));
          if (remembered) {
            try {
              return await exchange(principal, remembered);
            } catch (error) {
              if ((error as GraphFailure).code !== SIGN_IN_REQUIRED) throw error;
              refusal = error as GraphFailure;
            }
          }
          const signIn = signIns.get(key(principal)) ?? (await lookUp(principal));
          // An expired or revoked assertion and nothing newer: the admin must sign in again (their next turn does it).
          if (!signIn) throw refusal ?? signInRequired('No Teams sign-in for this admin yet');
          if (signIn === remembered) throw refusal!;
          try {
            return await exchange(principal, signIn);
          } catch (error) {
            if ((error as GraphFailure).code === SIGN_IN_REQUIRED) misses.set(key(principal), now() + missTtlMs);
            throw error;
          }
        };
    }
  };
  return {
    rememberSignIn(principal, userAssertion) {
      if (config.graph.auth === 'sso') remember(principal, userAssertion);
    },
    useSilentSignIn(source) {
      silent = source;
    },
    client: (principal, version = 'v1.0') => createGraphClient({ endpoint: config.graph.endpoint, version, token: tokenFor(principal), maxRetries: 2, observe }),
  };
}

/**
 * Entra ID's admin-consent page for this app in one tenant, in the configured cloud; none for the
 * simulator's static tokens. The README lists the permissions the consent grants.
 */
export function adminConsentUrl(config: AppConfig, tenantId: string): string | undefined {
  if (config.graph.auth === 'static' || !config.graph.clientId) return undefined;
  return `${config.cloudProfile.authority}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(config.graph.clientId)}`;
}
