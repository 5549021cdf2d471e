import { UserFacingError } from '../errors.ts';

/**
 * The edge of every command-line entry point: a problem the user can fix is printed as a plain
 * message (no stack trace) with exit code 1; anything else is a bug, printed in full with code 2.
 */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => {
      process.exitCode ??= 0;
    },
    (error: unknown) => {
      if (error instanceof UserFacingError) {
        process.stderr.write(`\n${error.message}\n`);
        process.exitCode = 1;
      } else {
        process.stderr.write(`\nUnexpected error (a bug; please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 2;
      }
    },
  );
}
