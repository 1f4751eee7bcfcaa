/** Entry of src/observability: logs, metrics, telemetry export and the correlation id. */
export * from './logger';
export * from './metrics';
export * from './telemetry';
export * from './correlation';
