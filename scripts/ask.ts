import 'dotenv/config';
import { App, type Scope } from '../src/app/app.ts';
import { parseLibraryId } from '../src/app/library.ts';
import { loadSettings } from '../src/config/settings.ts';
import { UserFacingError } from '../src/errors.ts';
import { renderAnswerForTerminal } from '../src/terminal/renderAnswer.ts';
import { UsageError, parseCommandLine, runCli } from '../src/terminal/runCli.ts';
import { createLogger } from '../src/util/logger.ts';

const USAGE = `usage: npm run ask -- "your question" [--context "earlier question"] [--library <server id>] [--json] [--scores]

  --context TEXT  ask a follow-up: the earlier question it continues
  --library ID    answer as that Discord server would: its library and the shared one
  --json          print the answer object as JSON
  --scores        show each passage's score (also SHOW_SCORES=true)`;

runCli(async () => {
  const { values, positionals } = parseCommandLine({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, context: { type: 'string' }, scores: { type: 'boolean', default: false }, library: { type: 'string' } },
  });
  const library = values.library === undefined ? undefined : parseLibraryId(values.library);
  const question = positionals.join(' ');
  // Checked before the model loads, which takes a while.
  if (question.trim() === '') throw new UsageError('Give the question to ask.');
  const settings = loadSettings();
  const app = new App({ settings, logger: createLogger(settings.logLevel) });
  try {
    await app.start();
    const scope: Scope = library ? { kind: 'server', guildId: library } : { kind: 'local' };
    const result = await app.ask(question, { scope, context: values.context, source: 'cli' });
    if (!result.ok) throw new UserFacingError(result.message);
    process.stdout.write(
      values.json
        ? `${JSON.stringify(result.answer, null, 2)}\n`
        : renderAnswerForTerminal(result.answer, {
            color: Boolean(process.stdout.isTTY),
            showScores: values.scores || settings.discord.showScores,
            emptyIndex: { corpusDir: app.libraryFolders(library).corpusDir, reindexCommand: 'npm run index' },
          }),
    );
  } finally {
    await app.close();
  }
}, USAGE);
