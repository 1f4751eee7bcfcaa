import pino, { Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Tokens, passwords, card inputs and typed confirmations are redacted by
 * path wherever they might be logged by accident.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'm365-closure-bot' },
      redact: {
        paths: ['authorization', '*.authorization', 'headers.authorization', 'token', '*.token', 'password', '*.password', 'confirmation', '*.confirmation', 'value.action.data'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
