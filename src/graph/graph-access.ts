import { Client } from '@microsoft/microsoft-graph-client';
import { AuthorityValidationOptions, ClientSecretCredential, OnBehalfOfCredential, TokenCredentialOptions } from '@azure/identity';
import { AppConfig } from '../config/config';
import { createGraphClient } from './graph-client.factory';
import { GraphResponseObserver } from './graph-metrics.middleware';
import { consentRequired, isConsentMissing, signInRequired } from './graph-failure';

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
   * stored), it lets background work for this admin go on through on-behalf-of until it expires.
   */
  rememberSignIn(principal: GraphPrincipal, userAssertion: string): void;
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
 *   for the bot's own API, exchanged on-behalf-of for Graph. Without a sign-in every call fails with
 *   `SignInRequired`, which the admin sees as a clear message.
 */
export function createGraphAccess(config: AppConfig, observe?: GraphResponseObserver, credentialOptions: GraphCredentialOptions = {}): GraphAccess {
  const credentials = new Map<string, ClientSecretCredential>();
  const signIns = new Map<string, { assertion: string; credential: OnBehalfOfCredential }>();
  const key = (p: GraphPrincipal) => `${p.tenantId}/${p.userId}`;
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
          const signIn = signIns.get(key(principal));
          if (!signIn) throw signInRequired('No Teams sign-in for this admin yet');
          try {
            return (await signIn.credential.getToken(`${config.graph.endpoint}/.default`)).token;
          } catch (error) {
            if (isConsentMissing(error)) throw consentRequired(`On-behalf-of refused: ${(error as Error).message}`);
            // An expired or revoked assertion: the admin must sign in again (the next turn does it).
            throw signInRequired(`On-behalf-of failed: ${(error as Error).message}`);
          }
        };
    }
  };
  return {
    rememberSignIn(principal, userAssertion) {
      if (config.graph.auth !== 'sso' || signIns.get(key(principal))?.assertion === userAssertion) return;
      const credential = new OnBehalfOfCredential({
        tenantId: principal.tenantId,
        clientId: config.graph.clientId,
        clientSecret: config.graph.clientSecret,
        userAssertionToken: userAssertion,
        authorityHost: config.cloudProfile.authority,
        ...credentialOptions,
      });
      signIns.set(key(principal), { assertion: userAssertion, credential });
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
