import { pino } from 'pino';
import pretty from 'pino-pretty';

/** The logging surface pipeline code depends on; pino satisfies it, tests can pass a recorder. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Structured JSON logs on stderr; on a terminal, the same records in readable lines. The token is
 * redacted whatever object it hides in.
 */
export function createLogger(level: string, stream: NodeJS.WriteStream = process.stderr): Logger {
  const options = {
    level,
    redact: { paths: ['token', '*.token', 'settings.discord.token', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
  };
  if (stream.isTTY) {
    return pino(options, pretty({ destination: stream, sync: true, colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }));
  }
  return pino(options, stream);
}
