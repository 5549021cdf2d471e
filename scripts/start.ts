import 'dotenv/config';
import { App } from '../src/app/app.ts';
import { parseLibraryId } from '../src/app/library.ts';
import { keepProcessAlive } from '../src/app/processPolicy.ts';
import { loadSettings, type Settings } from '../src/config/settings.ts';
import { startBot } from '../src/discord/startBot.ts';
import { runTerminalChat } from '../src/terminal/chat.ts';
import { createProgress } from '../src/terminal/progress.ts';
import { parseCommandLine, runCli } from '../src/terminal/runCli.ts';
import { TerminalScreen } from '../src/terminal/screen.ts';
import { createLogger, type Logger } from '../src/util/logger.ts';

const USAGE = `usage: npm start [-- --library <server id>]

The Discord bot when DISCORD_TOKEN is set (see README, "Discord setup"), otherwise the terminal chat
on the same index. Settings come from .env or the environment (see .env.example).

  --library ID   the terminal chat answers as that Discord server would: its library and the shared one`;

/** The bot until SIGINT or SIGTERM; then the answers in progress finish, and the client and the index close. */
async function runBot(app: App, token: string, logger: Logger): Promise<void> {
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(app, { token, logger });
  } catch (error) {
    await app.close();
    throw error;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down: finishing the answers in progress');
  await bot.stop();
  await app.close();
}

/**
 * The chat owns the terminal when both output streams are one: log lines then go above its prompt
 * and progress bars instead of through them. Logs redirected elsewhere stay on stderr.
 */
function chatScreen(settings: Settings): TerminalScreen | undefined {
  return !settings.discord.token && process.stdout.isTTY && process.stderr.isTTY ? new TerminalScreen(process.stdout) : undefined;
}

runCli(async () => {
  const { values } = parseCommandLine({ options: { library: { type: 'string' } } });
  const library = values.library === undefined ? undefined : parseLibraryId(values.library);
  const settings = loadSettings();
  const screen = chatScreen(settings);
  // The logger takes a tty-like stream; the screen's log stream is one (a Writable with isTTY).
  const logger = createLogger(settings.logLevel, (screen?.logStream() as unknown as NodeJS.WriteStream | undefined) ?? process.stderr);
  const download = screen ? screen.progress(`Downloading ${settings.model.id}`, 'bytes') : createProgress(`Downloading ${settings.model.id}`, 'bytes');
  const app = new App({ settings, logger, onModelDownload: (progress) => download.update(progress.loaded, progress.total), reindexInWorker: true });
  try {
    await app.start();
    download.stop();
    if (settings.watchCorpus) app.watchCorpus();
  } catch (error) {
    await app.close();
    throw error;
  }
  // From here the bot serves: an error one event's handler left uncaught is logged, not fatal.
  keepProcessAlive({ logger, clock: app.clock });

  const token = settings.discord.token;
  if (token) return runBot(app, token, logger);
  process.stdout.write(
    'Discord is not configured (DISCORD_TOKEN is empty), so this is the terminal chat on the same index.\n' +
      'To run the Discord bot, put DISCORD_TOKEN=<your bot token> in .env (see README, "Discord setup").\n\n',
  );
  await runTerminalChat(app, { input: process.stdin, output: process.stdout, showScores: settings.discord.showScores, library, ...(screen && { screen }) });
  await app.close();
}, USAGE);
