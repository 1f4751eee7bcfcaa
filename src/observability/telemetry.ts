import { Logger } from './logger';

/**
 * Exports traces, metrics and logs to Azure Monitor (Application Insights) through OpenTelemetry
 * when a connection string is configured; does nothing otherwise (local runs and tests send
 * nothing anywhere). Loaded lazily so the SDK is not even required when unused.
 *
 * @remarks The SDK instruments modules required after it starts; `main()` calls this before the
 * bot is built, but modules already loaded by then (restify, http) are only partly instrumented.
 */
export async function startTelemetry(connectionString: string | undefined, log: Logger): Promise<() => Promise<void>> {
  if (!connectionString) return async () => undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured
  const { useAzureMonitor, shutdownAzureMonitor } = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  // Live Metrics keeps a connection to a global Microsoft endpoint open: not for a bot that must not phone home unasked.
  useAzureMonitor({ azureMonitorExporterOptions: { connectionString }, enableLiveMetrics: false });
  log.info('Telemetry export to Azure Monitor is on');
  return () => shutdownAzureMonitor();
}
