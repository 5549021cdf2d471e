import { Socket } from 'node:net';
import { ApplicationCommandOptionType as Option } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deployCommands } from '../../src/discord/deployCommands.ts';
import { startBot, type RunningBot } from '../../src/discord/startBot.ts';
import { startDiscordStandIn, type DiscordStandIn } from '../support/discord/index.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';

const KURSK_QUESTION = 'How many soldiers were sent to the Kursk region?';

/** The host of a TCP `Socket#connect` call, or null for IPC. */
function tcpHost(args: unknown[]): string | null {
  const first: unknown = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const { host, port } = first as { host?: string; port?: number };
    return port === undefined ? null : (host ?? 'localhost');
  }
  return typeof first === 'number' || typeof first === 'string' ? String(args[1] ?? 'localhost') : null;
}

/**
 * The bot reaches Discord through DISCORD_API_URL alone, as it reaches a REST proxy in production: no
 * client options from the test, the gateway address from GET /gateway/bot.
 */
describe('DISCORD_API_URL: the REST base the bot uses', () => {
  let standIn: DiscordStandIn;
  let testApp: TestApp;
  let bot: RunningBot;
  const connectSpy = vi.spyOn(Socket.prototype, 'connect');

  beforeAll(async () => {
    standIn = await startDiscordStandIn({ token: 'api-url-token' });
    // The stand-in serves /api/v10/…; discord.js builds `${rest.api}/v10${route}`, so the setting is <stand-in>/api.
    testApp = await createTestApp({ settings: { DISCORD_API_URL: `${standIn.baseUrl}/api/` } });
    bot = await startBot(testApp.app, { token: 'api-url-token', logger: testApp.app.logger });
  });

  afterAll(async () => {
    connectSpy.mockRestore();
    await bot?.stop();
    await standIn?.close();
    await testApp?.cleanup();
  });

  it('logs in through the setting: GET /gateway/bot there, then the gateway it names', () => {
    expect(testApp.settings.discord.apiUrl).toBe(standIn.restUrl);
    expect(bot.client.options.rest?.api).toBe(standIn.restUrl);
    expect(standIn.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', headers: { authorization: 'Bot api-url-token' } });
    expect(bot.client.guilds.cache.has(standIn.guildId)).toBe(true);
  });

  it('answers a slash command through it', async () => {
    const sent = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: KURSK_QUESTION }]);
    await standIn.waitForRequest((r) => r.params.token === sent.token && r.method === 'PATCH' && (r.body?.embeds?.length ?? 0) > 0, 5_000);
    expect(JSON.stringify(standIn.originalResponse(sent)?.embeds)).toContain('كورسك');
    standIn.assertNoViolations();
  });

  it('deploys the commands through the same setting', async () => {
    const deployed = await deployCommands({ token: 'api-url-token', guildId: standIn.guildId, rest: { api: testApp.settings.discord.apiUrl } });
    expect(deployed).toMatchObject({ applicationId: standIn.applicationId, scope: 'guild', commands: expect.arrayContaining(['ask', 'reindex']) });
  });

  it('connected to 127.0.0.1 only', () => {
    const hosts = connectSpy.mock.calls.map((args) => tcpHost(args)).filter((host) => host !== null);
    expect(hosts.length).toBeGreaterThan(1);
    expect(new Set(hosts)).toEqual(new Set(['127.0.0.1']));
  });
});
