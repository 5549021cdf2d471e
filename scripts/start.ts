import 'dotenv/config';
import { App } from '../src/app/createApp.ts';
import { loadSettings } from '../src/config/settings.ts';
import { loadEmbedder } from '../src/embed/loadEmbedder.ts';
import { runTerminalChat } from '../src/terminal/chat.ts';
import { runCli } from '../src/terminal/runCli.ts';
import { createLogger } from '../src/util/logger.ts';

runCli(async () => {
  const settings = loadSettings();
  const logger = createLogger(settings.logLevel);
  const app = new App({ settings, logger, loadEmbedder: () => loadEmbedder(settings.model), reindexInWorker: true });
  await app.start();
  if (settings.watchCorpus) app.index.watch();
  process.stdout.write(
    'Discord is not configured (DISCORD_TOKEN is empty), so this is the terminal chat on the same index.\n' +
      'To run the Discord bot, put DISCORD_TOKEN=<your bot token> in .env (see README, "Discord setup").\n\n',
  );
  await runTerminalChat(app, { input: process.stdin, output: process.stdout, showScores: settings.discord.showScores });
  await app.close();
});
