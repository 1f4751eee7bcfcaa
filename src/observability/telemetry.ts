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
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({ azureMonitorExporterOptions: { connectionString } });
  log.info('Telemetry export to Azure Monitor is on');
  return () => shutdownAzureMonitor();
}
