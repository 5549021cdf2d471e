import { ApplicationCommandOptionType as Option, MessageFlags } from 'discord.js';
import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { strings } from '../../src/answer/strings.ts';
import type { ShownChunk } from '../../src/app/feedback.ts';
import { decodeButtonAction, encodeButtonAction } from '../../src/discord/customId.ts';
import { startBot, type RunningBot } from '../../src/discord/startBot.ts';
import { startDiscordStandIn, type DiscordStandIn, type RecordedRequest, type SentInteraction } from '../support/discord/index.ts';
import { createTestApp, englishFixture, seedArticle, type TestApp } from '../support/testApp.ts';

const QUESTION = 'How many soldiers were sent to the Kursk region?';
const MESSAGES = 'POST /channels/:channelId/messages';

let nextUser = 1;
const someone = () => ({ id: `16000000000000${String(nextUser++).padStart(4, '0')}` });

/**
 * Hostile and broken input through the real discord.js client: the bot answers what it can, says
 * what it cannot, and keeps serving everyone else.
 */
describe('the Discord bot under broken and hostile input', () => {
  let standIn: DiscordStandIn;
  let testApp: TestApp;
  let bot: RunningBot;
  let guildId: string;

  const answered = (sent: SentInteraction) => (r: RecordedRequest) => r.params.token === sent.token && r.method === 'PATCH' && (r.body?.embeds?.length ?? 0) > 0;
  const callbackOf = (sent: SentInteraction) => standIn.waitForRequest((r) => r.params.interactionId === sent.id);

  async function ask(question = QUESTION, user = someone()): Promise<APIMessage> {
    const sent = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: question }], { user });
    await standIn.waitForRequest(answered(sent), 5_000);
    return standIn.originalResponse(sent)!;
  }

  beforeAll(async () => {
    standIn = await startDiscordStandIn();
    testApp = await createTestApp({ articles: [seedArticle, englishFixture], settings: { RATE_LIMIT_QUESTIONS: '2', RATE_LIMIT_WINDOW_SECONDS: '3600', TOP_K: '2' } });
    bot = await startBot(testApp.app, { token: 'test-token', logger: testApp.app.logger, clientOptions: standIn.clientOptions() });
    guildId = standIn.guildId;
  });

  afterEach(() => standIn.assertNoViolations());

  afterAll(async () => {
    await bot?.stop();
    await standIn?.close();
    await testApp?.cleanup();
  });

  it('answers, in English, an /ask whose payload leaves out the locale', async () => {
    const sent = await standIn.sendInteraction({
      locale: undefined,
      data: { id: '1', name: 'ask', type: 1, options: [{ name: 'question', type: Option.String, value: QUESTION }] },
    } as never);
    await standIn.waitForRequest(answered(sent), 5_000);
    expect(standIn.originalResponse(sent)!.embeds[0]!.author!.name).toContain('Passage 1');
  });

  it('apologises for an /ask that fails inside, privately, and answers the next one', async () => {
    const admit = testApp.app.admit.bind(testApp.app);
    testApp.app.admit = () => {
      throw new TypeError('a bug in admission');
    };
    try {
      const sent = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: QUESTION }], { user: someone() });
      expect((await callbackOf(sent)).body).toMatchObject({ type: 4, data: { content: strings.en.failed, flags: MessageFlags.Ephemeral } });
    } finally {
      testApp.app.admit = admit;
    }
    expect((await ask()).embeds.length).toBeGreaterThan(0);
  });

  it('apologises for a mention that fails inside, and answers the next mention', async () => {
    const admit = testApp.app.admit.bind(testApp.app);
    testApp.app.admit = () => {
      throw new TypeError('a bug in admission');
    };
    try {
      const sent = await standIn.sendMessage({ content: QUESTION, mentionsBot: true, author: someone() });
      const apology = await standIn.waitForRequest((r) => r.route === MESSAGES && r.body?.message_reference?.message_id === sent.id);
      expect(apology.body.content).toBe(strings.en.failed);
    } finally {
      testApp.app.admit = admit;
    }
    const next = await standIn.sendMessage({ content: QUESTION, mentionsBot: true, author: someone() });
    const reply = await standIn.waitForRequest((r) => r.route === MESSAGES && r.body?.message_reference?.message_id === next.id && (r.body?.embeds?.length ?? 0) > 0, 5_000);
    expect(reply.status).toBe(200);
  });

  it('answers a vote button with chunk labels that do not exist as an older version, and records nothing', async () => {
    const message = await ask();
    const generation = (decodeButtonAction(message.components!.flatMap((row) => ('components' in row ? row.components : []) as Array<{ custom_id: string }>)[0]!.custom_id) as { generation: string }).generation;
    const before = (await testApp.app.feedbackReport(guildId, 1)).totals.up;
    const forgedLabels: ShownChunk[][] = [[{ library: 'shared', label: 999_999 }], [{ library: 'shared', label: 1 }, { library: 'shared', label: 5_000_000 }], [{ library: 'server', label: 1 }]];
    for (const labels of forgedLabels) {
      const forged = encodeButtonAction({ kind: 'vote', vote: 'up', generation, offset: 0, labels });
      const clicked = await standIn.button(forged, { user: someone(), messageId: message.id, relax: ['componentOnMessage'] });
      expect((await callbackOf(clicked)).body).toMatchObject({ type: 4, data: { content: strings.en.outdated } });
    }
    expect((await testApp.app.feedbackReport(guildId, 1)).totals.up).toBe(before);
    expect(generation).toBe(await testApp.app.liveGenerationKey({ kind: 'server', guildId }));
  });

  it('echoes a question without its control characters and with its links kept from unfurling', async () => {
    const message = await ask(`How many soldiers\u0007 were sent to Kursk\u001b[31m? see https://example.org/kursk_report`);
    expect(message.content).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/u);
    expect(message.content).toContain('<https://example.org/kursk_report>');
  });

  it('tells a user who keeps mentioning the bot past the rate limit once, then stays silent', async () => {
    const user = someone();
    const replies = async (id: string) => standIn.waitForRequest((r) => r.route === MESSAGES && r.body?.message_reference?.message_id === id, 5_000);
    for (let i = 0; i < 2; i += 1) await replies((await standIn.sendMessage({ content: QUESTION, mentionsBot: true, author: user })).id);
    const first = await standIn.sendMessage({ content: QUESTION, mentionsBot: true, author: user });
    expect((await replies(first.id)).body.content).toContain('please wait');
    const again = await standIn.sendMessage({ content: QUESTION, mentionsBot: true, author: user });
    // The bot answers someone else meanwhile, and never replied to the repeated mention.
    expect((await ask()).embeds.length).toBeGreaterThan(0);
    expect(standIn.requests.some((r) => r.route === MESSAGES && r.body?.message_reference?.message_id === again.id)).toBe(false);
  });
});
