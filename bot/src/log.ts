import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines on stdout. Tokens, secrets and contact details must never reach a log line:
 * the redact list is the safety net, not the plan — log ids, not people.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'yhdistysyhteistyo' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          '*.password',
          '*.secret',
          '*.token',
          '*.email',
          '*.phone',
          'connectionString',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
