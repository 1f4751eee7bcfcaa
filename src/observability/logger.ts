import pino, { Logger } from 'pino';
import { currentCorrelationId } from './correlation';

export type { Logger };

/**
 * Structured JSON logs. Tokens, passwords, card inputs and typed confirmations are redacted by
 * path wherever they might be logged by accident. Lines written while a request is served carry its
 * `correlationId` (see correlation.ts).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'm365-closure-bot' },
      // The id of the inbound request being served, on every line written while serving it.
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      redact: {
        paths: ['authorization', '*.authorization', 'userAssertion', '*.userAssertion', 'headers.authorization', 'token', '*.token', 'password', '*.password', 'confirmation', '*.confirmation', 'value.action.data'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
