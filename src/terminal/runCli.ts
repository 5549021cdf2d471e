import { UserFacingError } from '../errors.ts';

/** Command-line arguments that do not make sense: the message is printed with the usage text. */
export class UsageError extends UserFacingError {}

/**
 * The edge of every command-line entry point: a problem the user can fix (a UserFacingError) is
 * printed as a plain message (no stack trace) with exit code 1, wrong arguments with the usage text
 * and exit code 2, anything else is a bug, printed in full with code 2. Entry points check the
 * values the user gives themselves (a UsageError), so an error from deeper down is never mistaken
 * for the user's.
 */
export function runCli(main: () => Promise<void>, usage?: string): void {
  main().then(
    () => {
      process.exitCode ??= 0;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`\n${error.message}\n${usage ? `\n${usage}\n` : ''}`);
        process.exitCode = 2;
      } else if (error instanceof UserFacingError) {
        process.stderr.write(`\n${error.message}\n`);
        process.exitCode = 1;
      } else {
        process.stderr.write(`\nUnexpected error (a bug; please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 2;
      }
    },
  );
}
