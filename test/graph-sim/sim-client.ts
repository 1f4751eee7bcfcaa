import { Client, Context, GraphError, HTTPMessageHandler, Middleware, RetryHandler, RetryHandlerOptions, TelemetryHandler } from '@microsoft/microsoft-graph-client';
import type { GraphSimulator } from '../../graph-sim';

/**
 * Sets the bearer token on every request. It stands in for the SDK's AuthenticationHandler, which
 * attaches tokens only to `https://` URLs (GraphRequestUtil.isValidEndpoint) and so never to the
 * simulator's `http://127.0.0.1`: `createGraphClient` (src/graph/graph-client.factory.ts) sends
 * no token there yet — see factory-over-http.test.ts.
 */
class BearerHandler implements Middleware {
  private next?: Middleware;
  constructor(private readonly token: () => Promise<string>) {}
  async execute(context: Context): Promise<void> {
    const value = `Bearer ${await this.token()}`;
    const options = context.options ?? (context.options = {});
    if (options.headers instanceof Headers) options.headers.set('Authorization', value);
    else options.headers = { ...(options.headers as Record<string, string> | undefined), Authorization: value };
    await this.next?.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * A Graph SDK client on the simulator with the bot factory's middleware chain (token → RetryHandler
 * with delay 3 s and `maxRetries` → Telemetry → HTTP), so retries and error parsing are the SDK's.
 */
export function simClient(sim: GraphSimulator, tenantId: string, userId?: string, options: { version?: 'v1.0' | 'beta'; maxRetries?: number } = {}): Client {
  return tokenClient(sim, sim.tokenFor(tenantId, userId), options);
}

/** The same client with whatever bearer token the test says (garbled, foreign tenant, ...). */
export function tokenClient(sim: GraphSimulator, token: string, options: { version?: 'v1.0' | 'beta'; maxRetries?: number } = {}): Client {
  const maxRetries = options.maxRetries ?? 0;
  const chain: Middleware[] = [new BearerHandler(async () => token)];
  if (maxRetries > 0) chain.push(new RetryHandler(new RetryHandlerOptions(3, maxRetries)));
  chain.push(new TelemetryHandler(), new HTTPMessageHandler());
  for (let i = 0; i < chain.length - 1; i++) chain[i].setNext?.(chain[i + 1]);
  return Client.initWithMiddleware({ middleware: chain[0], baseUrl: `${sim.url}/`, defaultVersion: options.version ?? 'v1.0', customHosts: new Set(['127.0.0.1']) });
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
