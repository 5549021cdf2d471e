import 'dotenv/config';
import { loadSettings } from '../src/config/settings.ts';
import { App } from '../src/app/app.ts';
import { DEFAULT_FEEDBACK_DAYS, formatFeedbackReport } from '../src/app/feedback.ts';
import { UsageError, parseCommandLine, runCli } from '../src/terminal/runCli.ts';
import { silentLogger } from '../src/util/logger.ts';

const USAGE = `usage: npm run feedback -- [--days N]   (default ${DEFAULT_FEEDBACK_DAYS})`;

// npm run feedback [-- --days N]: questions that found nothing or got 👎, grouped by what they ask.
runCli(async () => {
  const { values } = parseCommandLine({ options: { days: { type: 'string', default: String(DEFAULT_FEEDBACK_DAYS) } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1) throw new UsageError(`--days must be a whole number of days (1 or more), not "${values.days}".`);
  const settings = loadSettings();
  const report = await new App({ settings, logger: silentLogger }).feedbackReport(days);
  process.stdout.write(`${formatFeedbackReport(report)}\n`);
  if (report.skippedLines > 0) process.stdout.write(`(${report.skippedLines} unreadable lines in ${settings.feedbackFile} were skipped)\n`);
}, USAGE);
