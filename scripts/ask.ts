import 'dotenv/config';
import { parseArgs } from 'node:util';
import { App } from '../src/app/app.ts';
import { loadSettings } from '../src/config/settings.ts';
import { UserFacingError } from '../src/errors.ts';
import { renderAnswerForTerminal } from '../src/terminal/renderAnswer.ts';
import { runCli } from '../src/terminal/runCli.ts';
import { createLogger } from '../src/util/logger.ts';

runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, context: { type: 'string' }, scores: { type: 'boolean', default: false } },
  });
  const question = positionals.join(' ');
  const settings = loadSettings();
  const app = new App({ settings, logger: createLogger(settings.logLevel) });
  try {
    await app.start();
    const result = await app.ask(question, { context: values.context, source: 'cli' });
    if (!result.ok) throw new UserFacingError(`${result.message}\nUsage: npm run ask -- "your question" [--json]`);
    process.stdout.write(
      values.json
        ? `${JSON.stringify(result.answer, null, 2)}\n`
        : renderAnswerForTerminal(result.answer, {
            color: Boolean(process.stdout.isTTY),
            showScores: values.scores || settings.discord.showScores,
            emptyIndex: { corpusDir: settings.corpusDir, reindexCommand: 'npm run index' },
          }),
    );
  } finally {
    await app.close();
  }
});
