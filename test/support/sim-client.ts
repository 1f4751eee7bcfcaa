import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { createGraphClient } from '../../src/graph';
import type { GraphSimulator } from '../../graph-sim';

/**
 * The bot's own Graph client (createGraphClient) on the simulator, so retries and error parsing are
 * exactly what the bot gets.
 */
export function simClient(sim: GraphSimulator, tenantId: string, userId?: string, options: { version?: 'v1.0' | 'beta'; maxRetries?: number } = {}): Client {
  return tokenClient(sim, sim.tokenFor(tenantId, userId), options);
}

/** The same client with whatever bearer token the test says (garbled, foreign tenant, ...). */
export function tokenClient(sim: GraphSimulator, token: string, options: { version?: 'v1.0' | 'beta'; maxRetries?: number } = {}): Client {
  return createGraphClient({ endpoint: sim.url, version: options.version, token: async () => token, maxRetries: options.maxRetries ?? 0 });
}

/** Runs an SDK call expected to fail and returns the GraphError the SDK raised. */
export async function graphError(call: Promise<unknown>): Promise<GraphError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected the Graph call to fail');
}

/**
 * The SDK treats only `https://` strings as full URLs (GraphRequest.parsePath), so an absolute
 * `http://127.0.0.1:…/v1.0/users?$skiptoken=…` nextLink must be handed to `client.api()` as the
 * path after the version. The link itself is what Graph sends: absolute, followed whole.
 */
export function followable(sim: GraphSimulator, nextLink: string): string {
  const prefix = /^\/(v1\.0|beta)/;
  if (!nextLink.startsWith(sim.url)) throw new Error(`nextLink ${nextLink} does not point at the simulator`);
  return nextLink.slice(sim.url.length).replace(prefix, '');
}
