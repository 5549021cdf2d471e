import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';

export interface ProcessPolicyOptions {
  logger: Logger;
  clock: Clock;
  /** More uncaught errors than this within a minute: the process is in a broken state and exits. */
  maxErrorsPerMinute?: number;
  /** How the process ends in that case (tests pass their own). */
  exit?: (code: number) => void;
}

const MINUTE_MS = 60_000;
const DEFAULT_MAX_ERRORS_PER_MINUTE = 20;

/**
 * What the process does with an error no handler caught: one failed interaction or message must
 * not end a bot that is serving everyone else, so the error is logged with its context and the
 * process goes on. Only a storm of them (a broken state: the same failure on every event) ends it,
 * with a log line that says why, so a supervisor can restart it. Returns a function that removes
 * the policy.
 */
export function keepProcessAlive(options: ProcessPolicyOptions): () => void {
  const limit = options.maxErrorsPerMinute ?? DEFAULT_MAX_ERRORS_PER_MINUTE;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let recent: number[] = [];
  const survive = (kind: 'unhandled rejection' | 'uncaught exception') => (error: unknown) => {
    const now = options.clock.now();
    recent = [...recent.filter((time) => now - time < MINUTE_MS), now];
    options.logger.error({ err: error, kind }, `${kind} (a bug): logged, the bot keeps running`);
    if (recent.length > limit) {
      options.logger.error({ errors: recent.length }, `${recent.length} uncaught errors within a minute: the process is in a broken state and exits (exit code 70)`);
      exit(70);
    }
  };
  const onRejection = survive('unhandled rejection');
  const onException = survive('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
