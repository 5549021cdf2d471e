import { GatewayOpcodes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guildIdOnShard, startDiscordStandIn, type DiscordStandIn } from '../support/discord/index.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';
import { askKursk, startScript, type LiveScript } from '../scripts/liveScript.ts';
import { scriptEnv } from '../scripts/runScript.ts';


/**
 * The deployment of issue 12 end to end: `npm start` with SHARDS=2 and STORE=postgres runs
 * discord.js's ShardingManager and one real scripts/start.ts process per shard; each shard logs in
 * as its shard, gets only its servers, and answers from the one database they share.
 */
describe('npm start with two shards on one PostgreSQL database', { timeout: 180_000 }, () => {
  let database: TestPostgres;
  let t: TestApp;
  let standIn: DiscordStandIn;
  let bot: LiveScript | undefined;
  const guilds = { A: guildIdOnShard(0, 2), B: guildIdOnShard(1, 2) };

  beforeAll(async () => {
    // Each process's pool (10 at most), the test App's, and the reindex locks.
    database = await startTestPostgres({ maxConnections: 40 });
    // The shared library indexed into the database before the shards start, as an operator's `npm run index` would.
    t = await createTestApp({ settings: { STORE: 'postgres', DATABASE_URL: database.url } });
    standIn = await startDiscordStandIn({ token: 'shard-token', guilds: Object.entries(guilds).map(([name, id]) => ({ name, id })) });
  }, 120_000);
  afterAll(async () => {
    bot?.kill();
    await standIn?.close();
    await t?.cleanup();
    await database?.stop();
  });

  it('each shard answers in its own server from the shared store, and SIGTERM stops them all', async () => {
    const env = await scriptEnv(t.root, {
      STORE: 'postgres',
      DATABASE_URL: database.url,
      SHARDS: '2',
      DISCORD_TOKEN: 'shard-token',
      DISCORD_API_URL: standIn.restUrl,
      LOG_LEVEL: 'info',
    });
    bot = startScript('start', [], env);
    await bot.waitForStderr(/shard 1 of 2 is ready/u, 150_000);

    const identify = standIn.gatewayPayloads.filter((p) => p.op === GatewayOpcodes.Identify).map((p) => (p.d as { shard?: number[] }).shard);
    expect(identify).toEqual(expect.arrayContaining([[0, 2], [1, 2]]));
    expect(await askKursk(standIn, { guild: 'A' })).toContain('كورسك');
    expect(await askKursk(standIn, { guild: 'B' })).toContain('كورسك');

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.stderr).toContain('all shards stopped');
  });
});
