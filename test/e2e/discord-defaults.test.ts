import { ApplicationCommandOptionType as Option, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { strings } from '../../src/answer/strings.ts';
import { DiscordLoginError } from '../../src/discord/loginError.ts';
import { startBot, type RunningBot } from '../../src/discord/startBot.ts';
import { startDiscordStandIn, type DiscordStandIn, type RecordedRequest, type SentInteraction } from '../support/discord/index.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';

const QUESTION = 'How many soldiers were sent to the Kursk region?';
const GENERAL = '1100000000000000100';
const QUESTIONS = '1100000000000000101';
const admin = { permissions: PermissionFlagsBits.ManageGuild };

describe('the Discord bot with the default URL guard and one allowed channel', () => {
  let standIn: DiscordStandIn;
  let testApp: TestApp;
  let bot: RunningBot;
  const callbackOf = (sent: SentInteraction) => standIn.waitForRequest((r) => r.params.interactionId === sent.id);
  const editOf = (sent: SentInteraction, match: (r: RecordedRequest) => boolean = () => true) =>
    standIn.waitForRequest((r) => r.params.token === sent.token && r.method === 'PATCH' && match(r));

  beforeAll(async () => {
    standIn = await startDiscordStandIn({ channels: [{ name: 'general' }, { name: 'questions' }] });
    testApp = await createTestApp({ settings: { ALLOWED_CHANNEL_IDS: QUESTIONS } });
    bot = await startBot(testApp.app, { token: 'test-token', logger: testApp.app.logger, clientOptions: standIn.clientOptions() });
  });

  afterEach(() => standIn.assertNoViolations());

  afterAll(async () => {
    await bot?.stop();
    await standIn?.close();
    await testApp?.cleanup();
  });

  it('refuses URLs on loopback and private addresses unless ALLOW_PRIVATE_URLS is on', async () => {
    for (const [url, kind] of [
      ['http://127.0.0.1:9/article.html', 'a loopback address'],
      ['http://localhost:9/article.html', 'a loopback address'],
      ['http://10.1.2.3/article.html', 'a private network address'],
      ['http://[fd00::1]/article.html', 'a unique local (private) IPv6 address'],
    ] as const) {
      const sent = await standIn.slashCommand('add-article', [{ name: 'url', type: Option.String, value: url }], admin);
      const refusal = await editOf(sent);
      expect(refusal.body.content).toContain(kind);
      expect(refusal.body.content).toContain('ALLOW_PRIVATE_URLS');
    }
  });

  it('answers only in the allowed channel: a private note for /ask elsewhere, silence for mentions elsewhere', async () => {
    const elsewhere = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: QUESTION }], { channelId: GENERAL });
    expect((await callbackOf(elsewhere)).body).toMatchObject({
      type: 4,
      data: { content: strings.en.notAllowedHere(`<#${QUESTIONS}>`), flags: MessageFlags.Ephemeral },
    });
    const ignored = await standIn.sendMessage({ content: QUESTION, mentionsBot: true, channelId: GENERAL });
    const here = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: QUESTION }], { channelId: QUESTIONS });
    await editOf(here, (r) => (r.body?.embeds?.length ?? 0) > 0);
    const mention = await standIn.sendMessage({ content: QUESTION, mentionsBot: true, channelId: QUESTIONS });
    await standIn.waitForRequest((r) => r.body?.message_reference?.message_id === mention.id);
    expect(standIn.requests.some((r) => r.body?.message_reference?.message_id === ignored.id)).toBe(false);
  });

  it('lets an answer under way finish when stopped, then disconnects', async () => {
    const sent = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: QUESTION }], { channelId: QUESTIONS });
    await callbackOf(sent);
    await bot.stop();
    expect(standIn.requestsFor(sent).some((r) => r.method === 'PATCH' && (r.body?.embeds?.length ?? 0) > 0)).toBe(true);
    expect(bot.client.isReady()).toBe(false);
  });
});

describe('logging in', () => {
  it('explains a refused token without ever showing it', async () => {
    const standIn = await startDiscordStandIn({ token: 'the-right-token' });
    const testApp = await createTestApp();
    try {
      const secret = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.wrong.token-that-must-stay-secret';
      const failure = await startBot(testApp.app, { token: secret, logger: testApp.app.logger, clientOptions: standIn.clientOptions() }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DiscordLoginError);
      expect((failure as Error).message).toContain('Reset Token');
      expect(`${(failure as Error).message}${(failure as Error).stack}`).not.toContain(secret);
    } finally {
      await standIn.close();
      await testApp.cleanup();
    }
  });
});
