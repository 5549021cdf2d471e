import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadSettings } from '../src/config/settings.ts';
import { UserFacingError } from '../src/errors.ts';
import { FeedbackLog } from '../src/feedback/feedbackLog.ts';
import { buildFeedbackReport, DEFAULT_FEEDBACK_DAYS, formatFeedbackReport } from '../src/feedback/feedbackReport.ts';
import { runCli } from '../src/terminal/runCli.ts';

// npm run feedback [-- --days N]: questions that found nothing or got 👎, grouped by what they ask.
runCli(async () => {
  const { values } = parseArgs({ options: { days: { type: 'string', default: String(DEFAULT_FEEDBACK_DAYS) } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1) throw new UserFacingError(`--days must be a whole number of days (1 or more), not "${values.days}".`);
  const settings = loadSettings();
  const { records, skippedLines } = await new FeedbackLog(settings.feedbackFile).read();
  process.stdout.write(`${formatFeedbackReport(buildFeedbackReport(records, { days, now: Date.now() }))}\n`);
  if (skippedLines > 0) process.stdout.write(`(${skippedLines} unreadable lines in ${settings.feedbackFile} were skipped)\n`);
});
