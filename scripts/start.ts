import 'dotenv/config';
import { fileURLToPath } from 'node:url';
import { App } from '../src/app/app.ts';
import { parseLibraryId } from '../src/app/library.ts';
import { keepProcessAlive } from '../src/app/processPolicy.ts';
import { loadSettings, type Settings } from '../src/config/settings.ts';
import {
  runsSeveralProcesses,
  shardChildFromEnv,
  shardLogger,
  shardSettingNames,
  sharedStoreRequired,
  startShardingManager,
  type ShardIdentity,
} from '../src/discord/sharding.ts';
import { startBot } from '../src/discord/startBot.ts';
import { SettingsError } from '../src/errors.ts';
import { runTerminalChat } from '../src/terminal/chat.ts';
import { createProgress } from '../src/terminal/progress.ts';
import { parseCommandLine, runCli } from '../src/terminal/runCli.ts';
import { TerminalScreen } from '../src/terminal/screen.ts';
import { createLogger, type Logger } from '../src/util/logger.ts';

const USAGE = `usage: npm start [-- --library <server id>]

The Discord bot when DISCORD_TOKEN is set (see README, "Discord setup"), otherwise the terminal chat
on the same index. With SHARDS (or SHARD_COUNT and SHARD_IDS) the bot runs one process per shard
(see README, "Sharding"). Settings come from .env or the environment (see .env.example).

  --library ID   the terminal chat answers as that Discord server would: its library and the shared one`;

/** Resolves on SIGINT or SIGTERM, and for a shard's process also when its sharding manager is gone (the IPC channel closed). */
function stopRequested(shard: ShardIdentity | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (shard) process.once('disconnect', resolve);
  });
}

/**
 * discord.js's shard tells its manager of each gateway disconnect with process.send; once the manager is
 * gone, Node reports that send as a process 'error' (ERR_IPC_CHANNEL_CLOSED), expected while stopping.
 */
function tolerateGoneManager(logger: Logger): void {
  process.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_IPC_CHANNEL_CLOSED') throw error;
    logger.debug({}, 'the sharding manager is gone: it is not told of the disconnect');
  });
}

/** A shard's IPC channel to its sharding manager keeps the process alive once discord.js listens on it. */
function releaseManagerChannel(): void {
  if (process.connected) process.disconnect();
}

/** The bot until SIGINT or SIGTERM; then the answers in progress finish, and the client and the index close. */
async function runBot(app: App, token: string, logger: Logger, shard: ShardIdentity | undefined): Promise<void> {
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(app, { token, logger, ...(shard && { shard }) });
  } catch (error) {
    await app.close();
    releaseManagerChannel();
    throw error;
  }
  if (shard) tolerateGoneManager(logger);
  await stopRequested(shard);
  logger.info('shutting down: finishing the answers in progress');
  await bot.stop();
  await app.close();
  releaseManagerChannel();
}

/**
 * SHARDS>1, SHARDS=auto or SHARD_IDS: this process loads no model and no index; it runs discord.js's
 * ShardingManager, which starts this same script once per shard (each finds its shard with
 * shardChildFromEnv), until SIGINT or SIGTERM stops them all.
 */
async function runShards(settings: Settings): Promise<void> {
  const token = settings.discord.token;
  if (!token) {
    throw new SettingsError('SHARDS, SHARD_COUNT and SHARD_IDS shard the Discord bot, and DISCORD_TOKEN is empty: set the token, or leave them empty for the terminal chat.');
  }
  const refusal = sharedStoreRequired(settings);
  if (refusal) throw new SettingsError(refusal);
  const logger = createLogger(settings.logLevel);
  const shards = await startShardingManager({ entry: fileURLToPath(import.meta.url), settings, token, logger });
  await stopRequested(undefined);
  await shards.stop();
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
  // A shard started by the sharding manager: the manager names its shard, so the sharding settings are not read again.
  const shard = shardChildFromEnv(process.env, typeof process.send === 'function');
  const settings = loadSettings(process.env, process.cwd(), shard ? Object.fromEntries(shardSettingNames.map((name) => [name, ''])) : {});
  if (!shard && runsSeveralProcesses(settings.discord.shards)) return runShards(settings);
  const screen = chatScreen(settings);
  // The logger takes a tty-like stream; the screen's log stream is one (a Writable with isTTY).
  const baseLogger = createLogger(settings.logLevel, (screen?.logStream() as unknown as NodeJS.WriteStream | undefined) ?? process.stderr);
  const logger = shard ? shardLogger(baseLogger, shard) : baseLogger;
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
  if (token) return runBot(app, token, logger, shard);
  process.stdout.write(
    'Discord is not configured (DISCORD_TOKEN is empty), so this is the terminal chat on the same index.\n' +
      'To run the Discord bot, put DISCORD_TOKEN=<your bot token> in .env (see README, "Discord setup").\n\n',
  );
  await runTerminalChat(app, { input: process.stdin, output: process.stdout, showScores: settings.discord.showScores, library, ...(screen && { screen }) });
  await app.close();
}, USAGE);
