import { Client } from '@microsoft/microsoft-graph-client';
import { ClientSecretCredential } from '@azure/identity';
import { AppConfig } from '../config/config';
import { createGraphClient } from './graph-client.factory';
import { GraphResponseObserver } from './graph-metrics.middleware';
import { GraphFailure } from './graph-failure';

/** Who the bot acts for in a Graph call: the tenant, and the admin whose turn or job it is. */
export interface GraphPrincipal {
  tenantId: string;
  userId: string;
}

/** Hands out Graph clients per tenant and acting user, according to GRAPH_AUTH. */
export interface GraphAccess {
  client(principal: GraphPrincipal, version?: 'v1.0' | 'beta'): Client;
}

/**
 * - `static`: GRAPH_TOKEN, with `{tenantId}`/`{userId}` filled in (simulators that serve many tenants).
 * - `app`: client credentials in the customer's tenant (one credential per tenant, cached).
 * - `sso`: the admin's delegated token through Teams SSO and on-behalf-of — not wired yet (issue 8);
 *   every call fails with `SignInRequired` so the admin gets a clear message instead of a crash.
 */
export function createGraphAccess(config: AppConfig, observe?: GraphResponseObserver): GraphAccess {
  const credentials = new Map<string, ClientSecretCredential>();
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
            });
            credentials.set(principal.tenantId, credential);
          }
          const token = await credential.getToken(`${config.graph.endpoint}/.default`);
          return token.token;
        };
      case 'sso':
        return async () => {
          throw new GraphFailure(401, 'SignInRequired', 'Teams SSO is not configured in this build (GRAPH_AUTH=sso); use GRAPH_AUTH=app or static');
        };
    }
  };
  return {
    client: (principal, version = 'v1.0') => createGraphClient({ endpoint: config.graph.endpoint, version, token: tokenFor(principal), maxRetries: 2, observe }),
  };
}
