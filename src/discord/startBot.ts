import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { App } from '../app/app.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { defaultBotTimings, type BotContext, type BotTimings } from './botContext.ts';
import { buttonHandlers } from './buttons/index.ts';
import { commandModules, loadCommands } from './commands/index.ts';
import { createInteractionHandler } from './interactionHandler.ts';
import { DiscordLoginError, explainLoginFailure, withoutToken } from './loginError.ts';
import { createMessageHandler } from './messageHandler.ts';
import type { ShardIdentity } from './sharding.ts';

export interface StartBotOptions {
  token: string;
  logger: Logger;
  /**
   * The shard this client is (`npm start` with SHARDS runs one process per shard): it gets the events of
   * the servers Discord routes to it, `(server id >> 22) % count === id`, and DMs on shard 0. One shard of
   * one by default: every server.
   */
  shard?: ShardIdentity;
  /**
   * Merged over the bot's own client options (tests point `rest` at a local Discord stand-in). The REST
   * base is otherwise the App's DISCORD_API_URL.
   */
  clientOptions?: Partial<ClientOptions>;
  timings?: Partial<BotTimings>;
}

export interface RunningBot {
  client: Client;
  /** Takes no new questions, lets the answers under way finish, then disconnects. */
  stop(): Promise<void>;
}

function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

function logStatus(app: App, client: Client<true>, logger: Logger, clock: Clock, shard: ShardIdentity): void {
  const status = app.status();
  const sharded = shard.count > 1 ? ` (shard ${shard.id} of ${shard.count})` : '';
  const model = status.model ?? 'lexical only';
  const { articles, chunks } = status;
  const age = status.indexCreatedAt ? formatAge(clock.now() - Date.parse(status.indexCreatedAt)) : 'none';
  logger.info(
    {
      user: client.user.tag,
      shard: shard.id,
      shardCount: shard.count,
      guilds: client.guilds.cache.size,
      model,
      ...(status.mode === 'lexical' && { modelUnavailable: status.modelProblem }),
      articles,
      chunks,
      indexCreatedAt: status.indexCreatedAt,
    },
    `Discord bot ready as ${client.user.tag}${sharded}: ${model}, ${articles} articles, ${chunks} chunks, index age ${age}`,
  );
}

async function login(client: Client, token: string): Promise<void> {
  const controller = new AbortController();
  const ready = once(client, Events.ClientReady, { signal: controller.signal });
  ready.catch(() => undefined);
  let closeCode: number | undefined;
  const onDisconnect = (event: { code: number }) => {
    closeCode = event.code;
  };
  client.on(Events.ShardDisconnect, onDisconnect);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    controller.abort();
    await client.destroy();
    throw explainLoginFailure(error, closeCode) ?? withoutToken(error, token);
  } finally {
    client.off(Events.ShardDisconnect, onDisconnect);
  }
}

/** The discord.js client of one shard, with the bot's options; `clientOptions` are merged over them. */
function createClient(app: App, shard: ShardIdentity, clientOptions: Partial<ClientOptions> | undefined): Client {
  return new Client({
    // No privileged intent: Discord still delivers the text of messages that mention the bot and of DMs.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached until used, so their first message arrives as a partial channel.
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    // A reply to a message deleted meanwhile (the asker removed the question) is posted as a plain message instead of refused.
    failIfNotExists: false,
    rest: { api: app.settings.discord.apiUrl },
    // Always given: without them discord.js reads SHARDS and SHARD_COUNT from the environment, where they are
    // the operator's settings (SHARDS=auto is not even a shard list) and not this client's shard.
    shards: [shard.id],
    shardCount: shard.count,
    ...clientOptions,
  });
}

/**
 * Logs the bot in and answers on Discord: slash commands, buttons, mentions, direct messages and
 * replies to its answers. Throws a DiscordLoginError (never showing the token) when Discord refuses
 * the token or the intents.
 */
export async function startBot(app: App, options: StartBotOptions): Promise<RunningBot> {
  const { token, logger } = options;
  if (!token.trim()) throw new DiscordLoginError('DISCORD_TOKEN is empty: copy the bot token from the developer portal (Bot → Reset Token) into .env.');
  const ctx: BotContext = { app, logger, clock: app.clock, timings: { ...defaultBotTimings, ...options.timings } };
  const shard = options.shard ?? { id: 0, count: 1 };
  const client = createClient(app, shard, options.clientOptions);

  // Every event's work is tracked (stop() waits for it) and contained: whatever it throws is logged,
  // and the bot goes on serving the others.
  const inFlight = new Set<Promise<void>>();
  const track = (event: string, start: () => Promise<void>) => {
    const work = Promise.resolve()
      .then(start)
      .catch((error: unknown) => logger.error({ err: error, event }, 'handling a Discord event failed'));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const onInteraction = createInteractionHandler(ctx, loadCommands(commandModules, logger), buttonHandlers);
  const onMessage = createMessageHandler(ctx);
  client.on(Events.InteractionCreate, (interaction) => track('interaction', () => onInteraction(interaction)));
  client.on(Events.MessageCreate, (message) => track('message', () => onMessage(message)));
  client.on(Events.GuildDelete, (guild) =>
    logger.info({ guild: guild.id }, `left the server ${guild.id}; its library is kept (the server may invite the bot again): npm run library -- remove ${guild.id} deletes it`),
  );
  client.on(Events.Error, (error) => logger.error({ err: withoutToken(error, token) }, 'Discord client error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'Discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'disconnected from the Discord gateway'));
  client.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'reconnecting to the Discord gateway'));

  await login(client, token);
  logStatus(app, client as Client<true>, logger, app.clock, shard);

  let stopped: Promise<void> | undefined;
  return {
    client,
    stop() {
      stopped ??= (async () => {
        app.stopTakingQuestions();
        logger.info({ inFlight: inFlight.size, questions: app.questionsInFlight }, 'Discord bot stopping: finishing the answers under way');
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await app.questionsAnswered();
        await client.destroy();
        logger.info({}, 'Discord bot stopped');
      })();
      return stopped;
    },
  };
}
