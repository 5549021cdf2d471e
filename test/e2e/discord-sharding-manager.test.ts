import path from 'node:path';
import { GatewayOpcodes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSettings } from '../../src/config/settings.ts';
import { ShardingError, startShardingManager, type RunningShards } from '../../src/discord/sharding.ts';
import type { Logger } from '../../src/util/logger.ts';
import { guildIdOnShard, startDiscordStandIn, type DiscordStandIn } from '../support/discord/index.ts';
import { createTestApp, repoRoot, type TestApp } from '../support/testApp.ts';
import { askKursk } from '../scripts/liveScript.ts';
import { scriptEnv } from '../scripts/runScript.ts';


function recordingLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  const record = (obj: object | string, msg?: string) => messages.push(typeof obj === 'string' ? obj : (msg ?? ''));
  return { messages, debug: record, info: record, warn: record, error: record };
}

/**
 * discord.js's ShardingManager as `npm start` runs it with SHARDS=auto: the shard count from GET /gateway/bot
 * through DISCORD_API_URL, one real scripts/start.ts process per shard, each logged in as its shard.
 *
 * npm start refuses several processes on the local store (test/scripts/start.test.ts); this test calls
 * startShardingManager itself, and its two shards only read the index built before they start (WATCH_CORPUS
 * is off and nothing writes), as the single-process script tests already do beside their test App. With the
 * PostgreSQL store the same deployment runs through npm start itself.
 */
describe('the sharding manager: one process per shard', { timeout: 60_000 }, () => {
  let t: TestApp;
  let standIn: DiscordStandIn;
  let shards: RunningShards | undefined;
  const logger = recordingLogger();
  const guilds = { A: guildIdOnShard(0, 2), B: guildIdOnShard(1, 2) };

  const startShards = (token: string, settings: ReturnType<typeof loadSettings>) =>
    startShardingManager({
      entry: path.join(repoRoot, 'scripts', 'start.ts'),
      settings,
      token,
      logger,
      // The stand-in takes IDENTIFYs at any pace; Discord wants 5 s between them.
      spawnDelayMs: 0,
      readyTimeoutMs: 120_000,
    });

  beforeAll(async () => {
    t = await createTestApp();
    standIn = await startDiscordStandIn({ token: 'manager-token', guilds: Object.entries(guilds).map(([name, id]) => ({ name, id })), recommendedShards: 2 });
    const env = await scriptEnv(t.root, { DISCORD_TOKEN: 'manager-token', DISCORD_API_URL: standIn.restUrl, LOG_LEVEL: 'warn' });
    // The manager gives each shard its own environment (process.env and its shard), so the settings go there.
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    shards = await startShards('manager-token', loadSettings({ ...env, SHARDS: 'auto' }, repoRoot));
    // Two processes load tsx, the model and the index one after the other.
  }, 150_000);

  afterAll(async () => {
    await shards?.stop();
    vi.unstubAllEnvs();
    await standIn?.close();
    await t?.cleanup();
  }, 60_000);

  it('asks Discord (through DISCORD_API_URL) how many shards, and starts a process for each', () => {
    expect(standIn.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', headers: { authorization: 'Bot manager-token' } });
    expect(shards!.manager.shards.map((shard) => shard.id)).toEqual([0, 1]);
    const pids = shards!.manager.shards.map((shard) => shard.process?.pid);
    expect(new Set([...pids, process.pid]).size).toBe(3);
    expect(logger.messages).toEqual(expect.arrayContaining(['starting shards 0, 1 of 2, one process each', 'shard 0 of 2 is ready', 'shard 1 of 2 is ready']));
  });

  it('logs each process in as its shard, and each answers in the servers Discord routes to it', async () => {
    const identifies = standIn.gatewayPayloads.filter((p) => p.op === GatewayOpcodes.Identify).map((p) => (p.d as { shard?: number[] }).shard);
    expect(identifies).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(await shards!.manager.fetchClientValues('guilds.cache.size')).toEqual([1, 1]);
    expect(await askKursk(standIn, { guild: 'A' })).toContain('كورسك');
    expect(await askKursk(standIn, { guild: 'B' })).toContain('كورسك');
    standIn.assertNoViolations();
  });

  it('stops every shard gracefully and starts none again', async () => {
    const children = shards!.manager.shards.map((shard) => shard.process!);
    await shards!.stop();
    expect(children.map((child) => child.exitCode)).toEqual([0, 0]);
    expect(shards!.manager.shards.every((shard) => shard.process === null || shard.process.exitCode !== null)).toBe(true);
    expect(logger.messages).toContain('all shards stopped');
  });

  it('stops the shards that started and says which one failed when a shard cannot log in', async () => {
    const failing = startShards('refused-token', loadSettings({ ...process.env, SHARDS: '2' }, repoRoot));
    await expect(failing).rejects.toThrow(ShardingError);
    await expect(failing).rejects.toThrow(/^Shard 0 of 2 did not become ready \(.*\); its own log above says why\. The shards that had started were stopped\.$/u);
  });
});
