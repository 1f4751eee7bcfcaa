import type { IncomingMessage } from 'node:http';
import { Logger } from './logger';

/**
 * Exports traces and metrics to Azure Monitor (Application Insights) through OpenTelemetry when a
 * connection string is configured; does nothing otherwise (local runs and tests send nothing
 * anywhere). Loaded lazily so the SDK is not even required when unused.
 *
 * What goes out, checked against a local ingestion endpoint by test/integration/telemetry-export.test.ts:
 * a request item per inbound HTTP request, a dependency item per outgoing call (Graph through
 * fetch; the Bot Connector and Azure SDKs through http), the SDK's standard HTTP metrics. Logs stay
 * in pino's output (the SDK only collects bunyan and winston).
 */
export async function startTelemetry(connectionString: string | undefined, log: Logger): Promise<() => Promise<void>> {
  if (!connectionString) return async () => undefined;
  // Statsbeat: unless this is set, the exporter reports its own use (this resource's key, the host,
  // success counts) every 15 minutes and daily to Microsoft's own Application Insights resources,
  // whatever the connection string says, and asks the Azure instance metadata service first.
  // APPLICATIONINSIGHTS_STATSBEAT_DISABLED does not stop it (it drops two gauges). Read when the
  // exporters are built, so set before.
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
  // The cloud role name in Application Insights; OTEL_SERVICE_NAME, when set, wins.
  process.env.OTEL_SERVICE_NAME ||= 'm365-closure-bot';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured
  const { useAzureMonitor, shutdownAzureMonitor } = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const http = { enabled: true, startIncomingSpanHook: redactSignature };
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Live Metrics keeps a connection to a global Microsoft endpoint open: not for a bot that must not phone home unasked.
    enableLiveMetrics: false,
    // Every trace: the SDK's default (5 a second, adaptive) drops most requests in the first 0.2 s
    // after a start and spreads thin over bursts. OTEL_TRACES_SAMPLER(_ARG) still override this.
    tracesPerSecond: 0,
    samplingRatio: 1,
    instrumentationOptions: { http },
  });
  // The SDK patches http when it is next required: main() loaded it (restify) before this ran.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('node:http');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('node:https');
  // The SDK instruments http but not fetch, and the Graph client calls Graph through fetch (undici).
  // Made after useAzureMonitor, so it records through the SDK's tracer and meter providers.
  const undici = new UndiciInstrumentation();
  log.info('Telemetry export to Azure Monitor is on');
  return async () => {
    undici.disable();
    await shutdownAzureMonitor();
  };
}

/**
 * A backup download link carries its signature in the query, and whoever reads the telemetry is not
 * thereby allowed the backup: the request's recorded URL gets `sig=REDACTED` (the http
 * instrumentation redacts it only in outgoing URLs). Returned attributes override the recorded ones.
 */
export function redactSignature(request: IncomingMessage): Record<string, string> {
  if (!request.url?.includes('sig=')) return {};
  const url = new URL(request.url, `http://${request.headers.host ?? 'localhost'}`);
  if (!url.searchParams.has('sig')) return {};
  url.searchParams.set('sig', 'REDACTED');
  return { 'http.url': url.toString(), 'http.target': `${url.pathname}${url.search}`, 'url.query': url.search.slice(1) };
}
