import { GatewayOpcodes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guildIdOnShard, startDiscordStandIn, type DiscordStandIn } from '../support/discord/index.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';
import { askKursk, startScript, type LiveScript } from './liveScript.ts';
import { SCRIPT_TIMEOUT, runScript, scriptEnv } from './runScript.ts';


/** `npm start` and `npm run deploy-commands` reaching Discord (the stand-in) through DISCORD_API_URL only. */
describe('the Discord bot and its commands through DISCORD_API_URL', SCRIPT_TIMEOUT, () => {
  let t: TestApp;
  let standIn: DiscordStandIn;
  const running: LiveScript[] = [];
  const guilds = { A: guildIdOnShard(0, 2), B: guildIdOnShard(1, 2) };

  beforeAll(async () => {
    t = await createTestApp();
    standIn = await startDiscordStandIn({ token: 'script-token', guilds: Object.entries(guilds).map(([name, id]) => ({ name, id })) });
  });
  afterAll(async () => {
    for (const script of running) script.kill();
    await standIn?.close();
    await t?.cleanup();
  });

  it('npm run deploy-commands registers the commands there', async () => {
    const env = await scriptEnv(t.root, { DISCORD_TOKEN: 'script-token', DISCORD_API_URL: standIn.restUrl });
    const run = await runScript('deploy-commands', [], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Registered 6 commands for application ${standIn.applicationId} globally .*: /ask, `, 'u'));
    expect(standIn.requests.find((r) => r.method === 'PUT')).toMatchObject({ path: `/applications/${standIn.applicationId}/commands`, status: 200 });
  });

  it('npm start logs in there as one shard, answers in every server, and stops on SIGTERM with exit code 0', async () => {
    const bot = startScript('start', [], await scriptEnv(t.root, { DISCORD_TOKEN: 'script-token', DISCORD_API_URL: standIn.restUrl, LOG_LEVEL: 'info' }));
    running.push(bot);
    await bot.waitForStderr(/Discord bot ready as article-bot: /u);
    expect(bot.stderr).not.toMatch(/\(shard \d/u);
    expect(await askKursk(standIn, { guild: 'A' })).toContain('كورسك');
    expect(await askKursk(standIn, { guild: 'B' })).toContain('كورسك');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.stderr).toContain('Discord bot stopped');
  });

  it("runs as the shard a sharding manager names (SHARDS and SHARD_COUNT from discord.js, the operator's SHARD_IDS ignored), and stops with its manager", async () => {
    // The environment discord.js's ShardingManager gives a shard's process (Shard.js), over the operator's own settings.
    const env = await scriptEnv(t.root, {
      DISCORD_TOKEN: 'script-token',
      DISCORD_API_URL: standIn.restUrl,
      LOG_LEVEL: 'info',
      SHARD_IDS: '0,1',
      SHARDING_MANAGER: 'true',
      SHARDING_MANAGER_MODE: 'process',
      SHARDS: '1',
      SHARD_COUNT: '2',
    });
    const identifiesBefore = standIn.gatewayPayloads.filter((p) => p.op === GatewayOpcodes.Identify).length;
    const shard = startScript('start', [], env);
    running.push(shard);
    await shard.waitForStderr(/Discord bot ready as article-bot \(shard 1 of 2\): /u);
    // It told its manager it is ready, over the IPC channel, as a discord.js shard does.
    expect(shard.messages).toContainEqual({ _ready: true });
    const identify = standIn.gatewayPayloads.filter((p) => p.op === GatewayOpcodes.Identify).slice(identifiesBefore);
    expect(identify.map((p) => (p.d as { shard?: number[] }).shard)).toEqual([[1, 2]]);
    // Every line it logs says which shard it is.
    const ready = shard.stderr.split('\n').find((line) => line.includes('Discord bot ready'))!;
    expect(JSON.parse(ready)).toMatchObject({ shard: 1, shardCount: 2, guilds: 1 });
    expect(await askKursk(standIn, { guild: 'B' })).toContain('كورسك');
    // The manager going away (its IPC channel closing) stops the shard like SIGTERM.
    shard.child.disconnect();
    expect(await shard.exited).toBe(0);
    expect(shard.stderr).toContain('Discord bot stopped');
    expect(shard.stderr).not.toContain('uncaught exception');
  });
});
