import { ApplicationCommandOptionType as Option, PermissionFlagsBits } from 'discord.js';
import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { strings } from '../../src/answer/strings.ts';
import { startBot, type RunningBot } from '../../src/discord/startBot.ts';
import { startDiscordStandIn, type DiscordStandIn, type RateLimit, type RecordedRequest, type SentInteraction } from '../support/discord/index.ts';
import { createTestApp, englishFixture, seedArticle, type TestApp } from '../support/testApp.ts';

const QUESTION = 'How many soldiers were sent to the Kursk region?';
const TYPING = 'POST /channels/:channelId/typing';
const MESSAGES = 'POST /channels/:channelId/messages';
const WEBHOOK_EDIT = 'PATCH /webhooks/:applicationId/:token/messages/:messageId';
const CALLBACK = 'POST /interactions/:interactionId/:token/callback';
/** The bot's operator (OWNER_USER_IDS), who may reindex the shared library from Discord. */
const OPERATOR = '14999999999999999';
const admin = { permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages, user: { id: OPERATOR } };
/** Small enough to keep the tests fast; discord.js adds its 50 ms offset to each wait. */
const retryAfter = 0.05;

let nextUser = 1;
const someone = () => ({ id: `14000000000000${String(nextUser++).padStart(4, '0')}`, username: `reader${nextUser}` });

/**
 * Discord answers 429 when the bot goes too fast: typing renewals, progress edits, replies in a burst.
 * discord.js waits `retry_after` and tries again by itself; these tests check the bot survives that: the
 * answer still arrives, in full, and the bot answers the next question as usual.
 */
describe('the Discord bot when Discord answers 429', () => {
  let standIn: DiscordStandIn;
  let testApp: TestApp;
  let bot: RunningBot;
  const limits: RateLimit[] = [];
  const rateLimit = (...args: Parameters<DiscordStandIn['rateLimit']>) => {
    const limit = standIn.rateLimit(...args);
    limits.push(limit);
    return limit;
  };
  const on = (route: string) => (r: RecordedRequest) => r.route === route;
  const replyTo = (id: string) => (r: RecordedRequest) => r.route === MESSAGES && r.body?.message_reference?.message_id === id;
  const answered = (r: RecordedRequest) => r.status === 200 && (r.body?.embeds?.length ?? 0) > 0;
  /** The answer to a mention: the reply itself, or the edit of the "queued" reply a busy bot sent first. */
  const answerTo = (id: string) => (r: RecordedRequest) =>
    answered(r) &&
    (replyTo(id)(r) || (r.route === 'PATCH /channels/:channelId/messages/:messageId' && (r.response as APIMessage).message_reference?.message_id === id));

  async function mention(): Promise<{ id: string; reply: RecordedRequest }> {
    const sent = await standIn.sendMessage({ content: QUESTION, mentionsBot: true, author: someone() });
    const reply = await standIn.waitForRequest((r) => replyTo(sent.id)(r) && r.status === 200, 5_000);
    return { id: sent.id, reply };
  }

  async function ask(): Promise<{ sent: SentInteraction; edit: RecordedRequest }> {
    const sent = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: QUESTION }], { user: someone() });
    const edit = await standIn.waitForRequest((r) => r.params.token === sent.token && r.route === WEBHOOK_EDIT && answered(r), 5_000);
    return { sent, edit };
  }

  beforeAll(async () => {
    standIn = await startDiscordStandIn();
    testApp = await createTestApp({ articles: [seedArticle, englishFixture], settings: { RATE_LIMIT_QUESTIONS: '100', TOP_K: '2', OWNER_USER_IDS: OPERATOR } });
    // Progress edits as often as the reindex reports progress, to make a burst of them.
    bot = await startBot(testApp.app, { token: 'test-token', logger: testApp.app.logger, clientOptions: standIn.clientOptions(), timings: { progressIntervalMs: 0 } });
  });

  afterEach(() => {
    for (const limit of limits.splice(0)) limit.remove();
    // Among them: the bot (discord.js) never came back before retry_after was up.
    standIn.assertNoViolations();
  });

  afterAll(async () => {
    await bot?.stop();
    await standIn?.close();
    await testApp?.cleanup();
  });

  it('answers a mention while the typing indicator is rate-limited three times, then the next one', async () => {
    const typing = rateLimit(TYPING, { times: 3, retryAfter });
    const since = standIn.requests.length;
    const { id, reply } = await mention();
    expect(reply.body.embeds.length).toBeGreaterThan(0);
    expect(reply.response).toMatchObject({ referenced_message: { id } });
    // The typing call itself got through in the end.
    await standIn.waitForRequest((r) => on(TYPING)(r) && r.status === 204, 5_000);
    expect(typing.hits).toBe(3);
    expect(standIn.requests.slice(since).filter(on(TYPING)).map((r) => r.status)).toEqual([429, 429, 429, 204]);

    const next = await mention();
    expect(next.reply.body.embeds.length).toBeGreaterThan(0);
  });

  it('delivers a reply that got a 429 once, and the next reply without one', async () => {
    const replies = rateLimit(MESSAGES, { times: 1, retryAfter });
    const { id, reply } = await mention();
    const attempts = standIn.requests.filter(replyTo(id));
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(attempts[1]!.body).toEqual(attempts[0]!.body);
    expect(replies).toMatchObject({ hits: 1 });
    expect(standIn.message((reply.response as APIMessage).id)?.embeds.length).toBeGreaterThan(0);

    const next = await mention();
    expect(standIn.requests.filter(replyTo(next.id)).map((r) => r.status)).toEqual([200]);
  });

  it('answers a burst of mentions against a bucket of one reply per 100 ms, and a global 429', async () => {
    rateLimit(MESSAGES, { limit: 1, windowMs: 100 });
    const sent = await Promise.all([0, 1, 2].map(() => standIn.sendMessage({ content: QUESTION, mentionsBot: true, author: someone() })));
    for (const { id } of sent) await standIn.waitForRequest(answerTo(id), 5_000);
    for (const limit of limits.splice(0)) limit.remove();

    // A global limit holds every route back, not only the one that got it.
    const global = rateLimit(MESSAGES, { times: 1, retryAfter, global: true });
    const { id } = await mention();
    expect(standIn.requests.filter(replyTo(id)).map((r) => r.status)).toEqual([429, 200]);
    expect(standIn.requests.find(replyTo(id))).toMatchObject({ response: { global: true, retry_after: retryAfter } });
    expect(global.hits).toBe(1);
  });

  it('reports /reindex progress and its summary while the edits are rate-limited, then answers /ask', async () => {
    const edits = rateLimit(WEBHOOK_EDIT, { times: 3, retryAfter });
    const reindex = await standIn.slashCommand('reindex', [{ name: 'full', type: Option.Boolean, value: true }, { name: 'library', type: Option.String, value: 'shared' }], admin);
    const summary = await standIn.waitForRequest((r) => r.params.token === reindex.token && r.status === 200 && /Index updated/u.test(r.body?.content ?? ''), 10_000);
    expect(summary.body.content).toMatch(/\d+ chunks in all/u);
    const patches = standIn.requestsFor(reindex).filter(on(WEBHOOK_EDIT));
    expect(edits.hits).toBe(3);
    expect(patches.slice(0, 3).map((r) => r.status)).toEqual([429, 429, 429]);
    // Every edit got through once, in order, and the summary came last: no progress note overwrote it.
    const delivered = patches.filter((r) => r.status === 200).map((r) => r.body.content as string);
    expect(delivered[0]).toBe(strings.en.reindexing);
    expect(delivered.some((content) => content.startsWith('Updating the index:'))).toBe(true);
    expect(delivered.at(-1)).toBe(summary.body.content);
    expect(patches.at(-1)).toBe(summary);
    expect(standIn.originalResponse(reindex)?.content).toBe(summary.body.content);

    const { edit } = await ask();
    expect(edit.body.embeds[0].description).toContain('كورسك');
  });

  it('answers /ask when its interaction callback is rate-limited twice', async () => {
    const callbacks = rateLimit(CALLBACK, { times: 2, retryAfter });
    const { sent, edit } = await ask();
    expect(standIn.requestsFor(sent).filter(on(CALLBACK)).map((r) => r.status)).toEqual([429, 429, 204]);
    expect(callbacks.hits).toBe(2);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    await expect(ask()).resolves.toBeDefined();
  });
});
