import { ApplicationCommandOptionType as Option, Events, GatewayOpcodes } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/discord/startBot.ts';
import type { Logger } from '../../src/util/logger.ts';
import { guildIdOnShard, startDiscordStandIn, type DiscordStandIn, type InteractionContext, type SentInteraction } from '../support/discord/index.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';

const KURSK_QUESTION = 'How many soldiers were sent to the Kursk region?';

function recordingLogger(): Logger & { lines: Array<{ fields: object; msg: string | undefined }> } {
  const lines: Array<{ fields: object; msg: string | undefined }> = [];
  const record = (obj: object | string, msg?: string) => lines.push(typeof obj === 'string' ? { fields: {}, msg: obj } : { fields: obj, msg });
  return { lines, debug: record, info: record, warn: record, error: record };
}

/**
 * Two shards of one bot, each a discord.js client of its own, over one App: the seam a sharded deployment
 * stands on. Here both run in this process over the local store; under `npm start` with SHARDS=2 each is a
 * process of its own, which needs a store they share (README, "Sharding").
 */
describe('a bot in two shards', () => {
  let standIn: DiscordStandIn;
  let testApp: TestApp;
  const bots: RunningBot[] = [];
  const loggers = [recordingLogger(), recordingLogger()];
  const guilds = { A: guildIdOnShard(0, 2), B: guildIdOnShard(1, 2), C: guildIdOnShard(0, 2, 1) };

  /** Asks in `ctx`, waits for the answer, and says which shard got the interaction. */
  async function ask(ctx: InteractionContext): Promise<{ shards: number[]; sent: SentInteraction }> {
    const got: number[] = [];
    const listeners = bots.map((bot, shard) => {
      const listener = () => got.push(shard);
      bot.client.on(Events.InteractionCreate, listener);
      return listener;
    });
    try {
      const sent = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: KURSK_QUESTION }], ctx);
      await standIn.waitForRequest((r) => r.params.token === sent.token && r.method === 'PATCH' && (r.body?.embeds?.length ?? 0) > 0, 5_000);
      return { shards: got, sent };
    } finally {
      bots.forEach((bot, shard) => bot.client.off(Events.InteractionCreate, listeners[shard]!));
    }
  }

  beforeAll(async () => {
    standIn = await startDiscordStandIn({ guilds: Object.entries(guilds).map(([name, id]) => ({ name, id })), recommendedShards: 2 });
    testApp = await createTestApp({ settings: { DISCORD_API_URL: standIn.restUrl, RATE_LIMIT_QUESTIONS: '100', TOP_K: '2' } });
    for (const id of [0, 1]) bots.push(await startBot(testApp.app, { token: 'test-token', logger: loggers[id]!, shard: { id, count: 2 } }));
  });

  afterEach(() => standIn.assertNoViolations());

  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await standIn?.close();
    await testApp?.cleanup();
  });

  it('logs each shard in with its shard id and count, and logs which shard is ready', () => {
    const identifies = standIn.gatewayPayloads.filter((p) => p.op === GatewayOpcodes.Identify).map((p) => (p.d as { shard?: number[] }).shard);
    expect(identifies).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const id of [0, 1]) {
      const ready = loggers[id]!.lines.find((line) => line.msg?.startsWith('Discord bot ready'));
      expect(ready?.msg).toMatch(new RegExp(`^Discord bot ready as article-bot \\(shard ${id} of 2\\): `, 'u'));
      expect(ready?.fields).toMatchObject({ shard: id, shardCount: 2, guilds: id === 0 ? 2 : 1 });
    }
  });

  it('gives each shard the servers Discord routes to it', () => {
    expect(bots[0]!.client.guilds.cache.map((g) => g.name).sort()).toEqual(['A', 'C']);
    expect(bots[1]!.client.guilds.cache.map((g) => g.name)).toEqual(['B']);
  });

  it("answers a question in each server from that server's shard, and DMs from shard 0", async () => {
    for (const [guild, shard] of [['A', 0], ['B', 1], ['C', 0]] as const) {
      const { shards, sent } = await ask({ guild });
      expect(shards, guild).toEqual([shard]);
      expect(JSON.stringify(standIn.originalResponse(sent)?.embeds)).toContain('كورسك');
    }
    expect((await ask({ dm: true })).shards).toEqual([0]);
  });
});
