import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard, type ShardingManagerOptions } from 'discord.js';
import type { App } from '../app/app.ts';
import { UserFacingError, errorMessage } from '../errors.ts';
import type { Logger } from '../util/logger.ts';
import { explainLoginFailure, withoutToken } from './loginError.ts';

type Settings = App['settings'];
type ShardSettings = Settings['discord']['shards'];

/** One shard of the bot: its id and the number of shards over every process and host. */
export interface ShardIdentity {
  id: number;
  count: number;
}

/** The sharding manager could not bring its shards up. */
export class ShardingError extends UserFacingError {}

/**
 * The shard this process runs when discord.js's ShardingManager forked it, from what the manager gives
 * each child: SHARDING_MANAGER=true, SHARDS=<the shard id>, SHARD_COUNT=<shards in total> and an IPC
 * channel. Undefined for a process started any other way, which then reads SHARDS, SHARD_COUNT and
 * SHARD_IDS as the operator's settings: a child never starts a manager of its own.
 */
export function shardChildFromEnv(env: NodeJS.ProcessEnv, hasIpcChannel: boolean): ShardIdentity | undefined {
  if (env.SHARDING_MANAGER !== 'true' || !hasIpcChannel) return undefined;
  const id = Number(env.SHARDS);
  const count = Number(env.SHARD_COUNT);
  if (!Number.isInteger(id) || !Number.isInteger(count) || id < 0 || id >= count) {
    throw new ShardingError(`Started by a sharding manager with SHARDS=${env.SHARDS} and SHARD_COUNT=${env.SHARD_COUNT}, which name no shard.`);
  }
  return { id, count };
}

/** The settings the sharding manager itself reads: a child is given its shard and ignores them (see shardChildFromEnv). */
export const shardSettingNames = ['SHARDS', 'SHARD_COUNT', 'SHARD_IDS'] as const;

/** Whether the settings start (or, with SHARD_IDS, share the bot with) more than one process. */
export function runsSeveralProcesses(shards: ShardSettings): boolean {
  return shards.count === 'auto' || shards.count > 1 || shards.ids !== undefined;
}

/** What the sharding settings start, in the operator's words. */
function describeShards(shards: ShardSettings): string {
  if (shards.ids !== undefined) {
    return `SHARD_IDS=${shards.ids.join(',')} with SHARD_COUNT=${shards.count} runs shards ${shards.ids.join(', ')} here and the others on other hosts`;
  }
  if (shards.count === 'auto') return 'SHARDS=auto starts a process for each shard Discord recommends';
  return `SHARDS=${shards.count} starts ${shards.count} processes, one per shard`;
}

/**
 * Why these settings cannot run, or undefined when they can: several processes (shards on this host,
 * or on several hosts with SHARD_IDS) need the store they all share, STORE=postgres. The local file
 * store under DATA_DIR is one process's own: each would keep its own index, libraries and feedback
 * log, and their reindexes would overwrite each other's generations. One shard (SHARDS empty or 1)
 * runs in this process on either store.
 */
export function sharedStoreRequired(settings: Settings): string | undefined {
  const { shards } = settings.discord;
  if (!runsSeveralProcesses(shards) || settings.store.kind === 'postgres') return undefined;
  return (
    `Several processes cannot share the local store: ${describeShards(shards)}, and each would keep its own index, server libraries ` +
    `and feedback log in DATA_DIR (${settings.dataDir}) and overwrite the others' reindexes. Set STORE=postgres (with DATABASE_URL), ` +
    'the store every process shares, or run the bot in one process: leave SHARDS, SHARD_COUNT and SHARD_IDS empty (or set SHARDS=1).'
  );
}

/**
 * The total number of shards: the configured one, or for SHARDS=auto the number Discord recommends
 * (GET /gateway/bot, through DISCORD_API_URL, so a REST proxy answers it too; discord.js's own
 * 'auto' would always ask discord.com).
 */
export async function resolveShardCount(settings: Settings, token: string): Promise<number> {
  const { count } = settings.discord.shards;
  if (count !== 'auto') return count;
  const rest = new REST({ api: settings.discord.apiUrl, version: '10' }).setToken(token);
  try {
    const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    return gateway.shards;
  } catch (error) {
    throw explainLoginFailure(error) ?? withoutToken(error, token);
  }
}

/**
 * The options of the ShardingManager: one child process per shard, each `npm start`'s own entry run by
 * Node with the tsx loader (as the reindex child is); this host's shards out of `totalShards`; children
 * that exit are started again.
 */
export function shardingManagerOptions(options: { shards: ShardSettings; totalShards: number; token: string }): ShardingManagerOptions {
  return {
    mode: 'process',
    totalShards: options.totalShards,
    shardList: options.shards.ids === undefined ? 'auto' : [...options.shards.ids],
    token: options.token,
    execArgv: ['--import', 'tsx'],
    respawn: true,
  };
}

export interface StartShardsOptions {
  /** The script each shard runs (scripts/start.ts: it finds its shard with shardChildFromEnv). */
  entry: string;
  settings: Settings;
  token: string;
  logger: Logger;
  /** Between one shard turning ready and the next starting: Discord takes one IDENTIFY per 5 s (per max_concurrency bucket). */
  spawnDelayMs?: number;
  /** How long a shard may take to load the model and the index and log in. */
  readyTimeoutMs?: number;
  /** How long a shard may take to finish its answers once asked to stop, before it is killed. */
  stopTimeoutMs?: number;
}

export interface RunningShards {
  manager: ShardingManager;
  /** Stops every shard gracefully (SIGTERM: each finishes its answers and disconnects) and starts none again. */
  stop(): Promise<void>;
}

async function stopShard(shard: Shard, timeoutMs: number): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts the shards this host runs, one process each, one after the other (each waits for the previous
 * one to be ready), and restarts a shard whose process exits once they are all up. A shard that exits
 * before it is ready (a refused token, a broken index: its own message says) stops the others and
 * rejects with a ShardingError.
 */
export async function startShardingManager(options: StartShardsOptions): Promise<RunningShards> {
  const { settings, token, logger } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? 60_000;
  const totalShards = await resolveShardCount(settings, token);
  const manager = new ShardingManager(options.entry, shardingManagerOptions({ shards: settings.discord.shards, totalShards, token }));
  // No restarts while the shards come up: one that cannot start would be started again for ever.
  manager.respawn = false;
  manager.on('shardCreate', (shard) => {
    const fields = { shard: shard.id, shardCount: totalShards };
    // mode 'process': the shard's process is a ChildProcess.
    shard.on('spawn', (child) => logger.info({ ...fields, pid: (child as ChildProcess).pid }, `shard ${shard.id} of ${totalShards}: process started`));
    shard.on('ready', () => logger.info(fields, `shard ${shard.id} of ${totalShards} is ready`));
    shard.on('death', (child) =>
      logger.warn(
        { ...fields, exitCode: (child as ChildProcess).exitCode, signal: (child as ChildProcess).signalCode },
        `shard ${shard.id} of ${totalShards}: process ended${manager.respawn ? '; starting it again' : ''}`,
      ),
    );
    shard.on('error', (error: unknown) => logger.error({ ...fields, err: withoutToken(error, token) }, `shard ${shard.id} of ${totalShards} failed`));
  });
  const shardIds = settings.discord.shards.ids ?? [...Array(totalShards).keys()];
  logger.info({ shards: shardIds, shardCount: totalShards }, `starting shards ${shardIds.join(', ')} of ${totalShards}, one process each`);

  const stopAll = () => Promise.all(manager.shards.map((shard) => stopShard(shard, stopTimeoutMs))).then(() => undefined);
  try {
    await manager.spawn({ amount: totalShards, delay: options.spawnDelayMs ?? 5_500, timeout: options.readyTimeoutMs ?? 180_000 });
  } catch (error) {
    const failed = manager.shards.last();
    await stopAll();
    throw new ShardingError(
      `Shard ${failed?.id ?? '?'} of ${totalShards} did not become ready (${errorMessage(withoutToken(error, token))}); its own log above says why. ` +
        'The shards that had started were stopped.',
    );
  }
  manager.respawn = true;

  let stopped: Promise<void> | undefined;
  return {
    manager,
    stop() {
      stopped ??= (async () => {
        manager.respawn = false;
        logger.info({ shards: manager.shards.size }, 'stopping the shards: each finishes the answers under way');
        await stopAll();
        logger.info({}, 'all shards stopped');
      })();
      return stopped;
    },
  };
}

/** The logger of a shard's process: every record says which shard wrote it. */
export function shardLogger(logger: Logger, shard: ShardIdentity): Logger {
  const fields = { shard: shard.id, shardCount: shard.count };
  const level =
    (name: keyof Logger) =>
    (obj: object | string, msg?: string): void => {
      if (typeof obj === 'string') logger[name](fields, obj);
      else logger[name]({ ...fields, ...obj }, msg);
    };
  return { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
}
