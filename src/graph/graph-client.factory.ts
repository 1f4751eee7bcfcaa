import { Client, Middleware } from '@microsoft/microsoft-graph-client';
import { BearerTokenMiddleware } from './bearer-token.middleware';
import { GraphMetricsMiddleware, GraphResponseObserver } from './graph-metrics.middleware';
import { rememberLabelMiddleware, RequestLabelMiddleware } from './request-label';
import { HTTPMessageHandler, RetryHandler, RetryHandlerOptions, TelemetryHandler } from '@microsoft/microsoft-graph-client';

/** Supplies the bearer token for one Graph call. */
export type GraphTokenSource = () => Promise<string>;

export interface GraphClientOptions {
  /** Graph base URL without version, e.g. `https://graph.microsoft.com` or a loopback simulator. */
  endpoint: string;
  /** `v1.0` (default) or `beta`. */
  version?: 'v1.0' | 'beta';
  token: GraphTokenSource;
  /**
   * Retries the SDK's RetryHandler makes on 429/503/504 of a whole request (not of items inside a
   * `$batch`: the bulk executor re-batches those itself). 0 turns the handler off.
   */
  maxRetries?: number;
  /** Sees the status of every answer Graph gives, retries included (metrics). */
  observe?: GraphResponseObserver;
}

/**
 * The one place a Microsoft Graph client is built, in production and against the simulator alike:
 * only the endpoint and the token differ. The token goes to the endpoint's exact origin only.
 */
export function createGraphClient(options: GraphClientOptions): Client {
  const endpoint = new URL(options.endpoint);
  const maxRetries = options.maxRetries ?? 3;
  const chain: Middleware[] = [new BearerTokenMiddleware(endpoint.origin, options.token)];
  if (maxRetries > 0) chain.push(new RetryHandler(new RetryHandlerOptions(3, maxRetries)));
  if (options.observe) chain.push(new GraphMetricsMiddleware(options.observe));
  // Every answer labelled with its request, so a failure names the request Graph refused.
  const label = new RequestLabelMiddleware();
  chain.push(label, new TelemetryHandler(), new HTTPMessageHandler());
  for (let i = 0; i < chain.length - 1; i++) chain[i].setNext?.(chain[i + 1]);
  const client = Client.initWithMiddleware({
    middleware: chain[0],
    baseUrl: `${endpoint.origin}/`,
    defaultVersion: options.version ?? 'v1.0',
  });
  rememberLabelMiddleware(client, label);
  return client;
}
