import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserFacingError } from '../errors.ts';

/** Command-line arguments that do not make sense: the message is printed with the usage text. */
export class UsageError extends UserFacingError {}

/** The codes node:util parseArgs gives its TypeErrors (an unknown option, a missing value, an unexpected argument…). */
function isParseArgsError(error: unknown): error is TypeError {
  const code: unknown = error instanceof TypeError ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** node:util parseArgs on the script's arguments, with its refusals (an unknown option, a missing value) turned into usage errors. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/** Whether the arguments ask for the usage text: `--help` or `-h` before any `--`. */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/**
 * The edge of every command-line entry point: `--help` prints the usage text; a problem the user
 * can fix (a UserFacingError) is printed as a plain message (no stack trace) with exit code 1,
 * wrong arguments with the usage text and exit code 2, anything else is a bug, printed in full
 * with code 2. Entry points check the values the user gives themselves (a UsageError, or
 * parseCommandLine), so an error from deeper down is never mistaken for the user's.
 */
export function runCli(main: () => Promise<void>, usage: string): void {
  if (asksForHelp(process.argv.slice(2))) {
    process.stdout.write(`${usage}\n`);
    process.exitCode = 0;
    return;
  }
  main().then(
    () => {
      process.exitCode ??= 0;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`\n${error.message}\n\n${usage}\n`);
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
