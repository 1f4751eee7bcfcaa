import { Client } from '@microsoft/microsoft-graph-client';
import { ClientSecretCredential } from '@azure/identity';
import { AppConfig } from '../config/config';
import { createGraphClient } from './graph-client.factory';
import { GraphResponseObserver } from './graph-metrics.middleware';
import { consentRequired } from '../ports/graph-failure';
import { isConsentMissing } from './identity-errors';
import { scopesOf } from './request-label';
import { SilentSignIn } from '../ports/silent-sign-in.port';
import { SignInLookupOptions, SsoSignIns } from './sso-sign-ins';
import type { GraphCredentialOptions } from './graph-credential-options';
import type { GraphPrincipal } from './graph-principal';

export type { SignInLookupOptions } from './sso-sign-ins';

/** Hands out Graph clients per tenant and acting user, according to GRAPH_AUTH. */
export interface GraphAccess {
  client(principal: GraphPrincipal, version?: 'v1.0' | 'beta'): Client;
  /**
   * `sso`: the admin's token from this turn's Teams SSO exchange. Kept in memory only (never
   * stored), it lets background work for this admin go on through on-behalf-of; once Entra refuses
   * it (expired), the silent sign-in (if any) is asked for a newer one. Throws `SignInRequired` when
   * the token's `tid`/`oid` are not the principal's: the turn's claims and its token must agree.
   */
  rememberSignIn(principal: GraphPrincipal, userAssertion: string): void;
  /**
   * `sso`: where an admin's sign-in is found when none is remembered here (after a restart, on
   * another instance) or the remembered one no longer works (expired): the Bot Framework token
   * service, through the hosting layer. Without it, such calls fail with `SignInRequired`.
   */
  useSilentSignIn(source: SilentSignIn): void;
  /**
   * The delegated scopes the tenant granted, as the `scp` claim of the Graph token the bot holds for
   * this admin (read from the token, never guessed). Undefined when the token carries no `scp`: the
   * simulator's static tokens, app-only tokens. Throws like a Graph call (ConsentRequired,
   * SignInRequired) when no token can be had.
   */
  grantedScopes(principal: GraphPrincipal): Promise<string[] | undefined>;
  /**
   * The admin's delegated token for Azure Resource Manager (`{ARM}/user_impersonation`), obtained
   * the way Graph's is: `static` fills ARM_TOKEN's template, `sso` goes on-behalf-of the admin's
   * sign-in. Undefined when this mode has none (`app`: no admin to act as; `static` without ARM_TOKEN).
   * Throws ConsentRequired when the tenant did not consent to the scope, SignInRequired otherwise.
   */
  armToken(principal: GraphPrincipal): Promise<string | undefined>;
}

/**
 * - `static`: GRAPH_TOKEN, with `{tenantId}`/`{userId}` filled in (simulators that serve many tenants).
 * - `app`: client credentials in the customer's tenant (one credential per tenant, cached).
 * - `sso`: the admin's delegated token: Teams SSO through the bot's OAuth connection gives a token
 *   for the bot's own API, exchanged on-behalf-of for Graph (SsoSignIns: from the admin's turn, or
 *   from the token service when there is none in memory). Without either every call fails with
 *   `SignInRequired`, which the admin sees as a clear message.
 */
export function createGraphAccess(config: AppConfig, observe?: GraphResponseObserver, credentialOptions: GraphCredentialOptions = {}, lookupOptions: SignInLookupOptions = {}): GraphAccess {
  const credentials = new Map<string, ClientSecretCredential>();
  const sso = new SsoSignIns(config, credentialOptions, lookupOptions);

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
        return () => sso.token(principal);
    }
  };
  return {
    rememberSignIn(principal, userAssertion) {
      if (config.graph.auth === 'sso') sso.remember(principal, userAssertion);
    },
    useSilentSignIn: (source) => sso.useSilentSignIn(source),
    armToken: async (principal) => {
      if (config.graph.auth === 'app') return undefined;
      if (config.graph.auth === 'static') return config.arm.token ? config.arm.token.replaceAll('{tenantId}', principal.tenantId).replaceAll('{userId}', principal.userId) : undefined;
      // The cloud's own Resource Manager resource, not ARM_ENDPOINT (a loopback stand-in in tests).
      return sso.tokenForScope(principal, `${config.cloudProfile.armEndpoint}/user_impersonation`);
    },
    grantedScopes: async (principal) => (config.graph.auth === 'app' ? undefined : scopesOf(`Bearer ${await tokenFor(principal)()}`)),
    client: (principal, version = 'v1.0') => createGraphClient({ endpoint: config.graph.endpoint, version, token: tokenFor(principal), maxRetries: 2, observe }),
  };
}

/**
 * The host of the admin-consent endpoint per cloud, as Microsoft's identity platform documents it
 * (`{host}/{tenant}/v2.0/adminconsent`): 21Vianet's is login.partner.microsoftonline.cn.
 */
const CONSENT_HOSTS: Record<AppConfig['cloud'], string> = {
  public: 'https://login.microsoftonline.com',
  usgov: 'https://login.microsoftonline.us',
  usgovdod: 'https://login.microsoftonline.us',
  china: 'https://login.partner.microsoftonline.cn',
};

/**
 * Entra ID's admin-consent page for this app in one tenant, in the configured cloud, returning to
 * the token service's redirect (the one the registration lists); none for the simulator's static
 * tokens. `{graph}/.default` grants every permission the registration declares at once (the README
 * lists them), so a scope added to aad.manifest.json needs no change here.
 */
export function adminConsentUrl(config: AppConfig, tenantId: string): string | undefined {
  if (config.graph.auth === 'static' || !config.graph.clientId) return undefined;
  // The cloud's own Graph resource, not GRAPH_ENDPOINT (a loopback stand-in in tests).
  const query = new URLSearchParams({ client_id: config.graph.clientId, scope: `${config.cloudProfile.graphEndpoint}/.default`, redirect_uri: config.cloudProfile.botFramework.oAuthRedirectUrl });
  return `${CONSENT_HOSTS[config.cloud]}/${encodeURIComponent(tenantId)}/v2.0/adminconsent?${query.toString()}`;
}
