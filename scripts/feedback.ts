import 'dotenv/config';
import { App } from '../src/app/app.ts';
import { DEFAULT_FEEDBACK_DAYS, formatFeedbackReport } from '../src/app/feedback.ts';
import { libraryPaths, parseLibraryId, SHARED_LIBRARY } from '../src/app/library.ts';
import { loadSettings } from '../src/config/settings.ts';
import { UsageError, parseCommandLine, runCli } from '../src/terminal/runCli.ts';
import { silentLogger } from '../src/util/logger.ts';

const USAGE = `usage: npm run feedback -- [--days N] [--library <server id> | --all]

  --days N        how many days back (default ${DEFAULT_FEEDBACK_DAYS})
  --library ID    one server's questions (default: the shared library's: DMs and the command line)
  --all           every library's, one report each (for operators)`;

// Questions that found nothing or got 👎, grouped by what they ask: what a library lacks.
runCli(async () => {
  const { values } = parseCommandLine({
    options: { days: { type: 'string', default: String(DEFAULT_FEEDBACK_DAYS) }, library: { type: 'string' }, all: { type: 'boolean', default: false } },
  });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1) throw new UsageError(`--days must be a whole number of days (1 or more), not "${values.days}".`);
  if (values.all && values.library) throw new UsageError('--library and --all cannot be combined');
  const settings = loadSettings();
  const app = new App({ settings, logger: silentLogger });
  const ids = values.all ? [SHARED_LIBRARY, ...(await app.libraries.serverIds())] : [values.library === undefined ? SHARED_LIBRARY : parseLibraryId(values.library)];
  for (const id of ids) {
    const report = await app.feedbackReport(id, days);
    if (ids.length > 1) process.stdout.write(`\n== ${id === SHARED_LIBRARY ? 'shared library (DMs and the command line)' : `server ${id}`}\n`);
    process.stdout.write(`${formatFeedbackReport(report)}\n`);
    if (report.skippedLines > 0) process.stdout.write(`(${report.skippedLines} unreadable lines in ${libraryPaths(id, settings).feedbackFile} were skipped)\n`);
  }
  await app.close();
}, USAGE);
