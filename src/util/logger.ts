import { pino } from 'pino';

/** The logging surface pipeline code depends on; pino satisfies it, tests can pass a recorder. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function createLogger(level: string, destination: 'stdout' | 'stderr' = 'stderr'): Logger {
  return pino(
    {
      level,
      // Never let a token reach the logs, whatever object is logged.
      redact: { paths: ['token', '*.token', 'settings.discordToken', 'headers.authorization'], censor: '[redacted]' },
    },
    pino.destination(destination === 'stdout' ? 1 : 2),
  );
}
