import 'dotenv/config';
import { App } from '../src/app/app.ts';
import { keepProcessAlive } from '../src/app/processPolicy.ts';
import { loadSettings } from '../src/config/settings.ts';
import { startBot } from '../src/discord/startBot.ts';
import { runTerminalChat } from '../src/terminal/chat.ts';
import { createProgress } from '../src/terminal/progress.ts';
import { runCli } from '../src/terminal/runCli.ts';
import { createLogger } from '../src/util/logger.ts';

runCli(async () => {
  const settings = loadSettings();
  const logger = createLogger(settings.logLevel);
  const download = createProgress(`Downloading ${settings.model.id}`, 'bytes');
  const app = new App({ settings, logger, onModelDownload: (progress) => download.update(progress.loaded, progress.total), reindexInWorker: true });
  await app.start();
  download.stop();
  if (settings.watchCorpus) app.watchCorpus();
  // From here the bot serves: an error one event's handler left uncaught is logged, not fatal.
  keepProcessAlive({ logger, clock: app.clock });

  const token = settings.discord.token;
  if (!token) {
    process.stdout.write(
      'Discord is not configured (DISCORD_TOKEN is empty), so this is the terminal chat on the same index.\n' +
        'To run the Discord bot, put DISCORD_TOKEN=<your bot token> in .env (see README, "Discord setup").\n\n',
    );
    await runTerminalChat(app, { input: process.stdin, output: process.stdout, showScores: settings.discord.showScores });
    await app.close();
    return;
  }

  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(app, { token, logger });
  } catch (error) {
    await app.close();
    throw error;
  }
  // Graceful shutdown: answers in progress finish, then the client and the index close.
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down: finishing the answers in progress');
  await bot.stop();
  await app.close();
});
