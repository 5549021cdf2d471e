import fs from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApplicationCommandOptionType as Option, MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { APIEmbed, APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { strings } from '../../src/answer/strings.ts';
import { shortKey } from '../../src/app/keys.ts';
import { decodeButtonAction, encodeButtonAction } from '../../src/discord/customId.ts';
import { FSI, PDI, RLI } from '../../src/discord/render/bidi.ts';
import { startBot, type RunningBot } from '../../src/discord/startBot.ts';
import { libraryPaths } from '../../src/app/library.ts';
import { FeedbackLog } from '../../src/feedback/feedbackLog.ts';
import { startDiscordStandIn, type DiscordStandIn, type RecordedRequest, type SentInteraction } from '../support/discord/index.ts';
import { createTestApp, englishFixture, seedArticle, type TestApp } from '../support/testApp.ts';

// The brief's "How many North Korean soldiers were deployed in Kursk?" ranks paragraph 9 first with the test model.
const KURSK_QUESTION = 'How many soldiers were sent to the Kursk region?';
const ARABIC_QUESTION = 'كم عدد الجنود الكوريين في كورسك؟';
const SEED_TITLE = 'أمريكا تتعهد برد حازم على التدخل العسكري لكوريا الشمالية إلى جانب روسيا في أوكرانيا';

type Button = { custom_id?: string; label?: string };

function buttons(message: APIMessage): Button[] {
  return ((message.components ?? []) as Array<{ components?: Button[] }>).flatMap((row) => row.components ?? []);
}

function buttonIds(message: APIMessage): string[] {
  return buttons(message).flatMap((button) => (button.custom_id ? [button.custom_id] : []));
}

const text = Option.String;
const admin = { permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages };

class FakeClock {
  constructor(public time = Date.parse('2025-01-01T00:00:00Z')) {}
  now = () => this.time;
}

/** A user of its own per test, so the rate limit of one test never touches another. */
let nextUser = 1;
const someone = () => ({ user: { id: `12000000000000${String(nextUser++).padStart(4, '0')}` } });

describe('the Discord bot against the local Discord stand-in', () => {
  let standIn: DiscordStandIn;
  let testApp: TestApp;
  let bot: RunningBot;
  let pages: Server;
  let pagesUrl: string;
  const clock = new FakeClock();

  const isFinalEdit = (sent: SentInteraction) => (r: RecordedRequest) =>
    r.params.token === sent.token && r.method === 'PATCH' && (r.body?.embeds?.length ?? 0) > 0;
  const callbackOf = (sent: SentInteraction) => standIn.waitForRequest((r) => r.params.interactionId === sent.id);
  /** Where the stand-in server's own library is: its admins' articles and its members' feedback go there. */
  const serverLibrary = () => libraryPaths(standIn.guildId, testApp.settings);

  async function ask(question: string, ctx: object = someone()): Promise<{ sent: SentInteraction; edit: RecordedRequest; message: APIMessage }> {
    const sent = await standIn.slashCommand('ask', [{ name: 'question', type: text, value: question }], ctx);
    const edit = await standIn.waitForRequest(isFinalEdit(sent));
    return { sent, edit, message: standIn.originalResponse(sent)! };
  }

  beforeAll(async () => {
    pages = createServer((req, res) => {
      if (req.url === '/news/nato.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          '<!doctype html><html lang="en"><head><title>Ministers agree on winter aid</title></head><body><article><h1>Ministers agree on winter aid</h1>' +
            '<p>Defence ministers agreed on Friday to send generators and fuel to Ukraine before the winter, officials said in Brussels.</p>' +
            '<p>The package includes 300 generators and will be delivered by rail over the next six weeks, according to the plan.</p></article></body></html>',
        );
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    standIn = await startDiscordStandIn();
    testApp = await createTestApp({
      articles: [seedArticle, englishFixture],
      settings: { RATE_LIMIT_QUESTIONS: '3', RATE_LIMIT_WINDOW_SECONDS: '60', ALLOW_PRIVATE_URLS: 'true', TOP_K: '2', MAX_CONCURRENT_QUESTIONS: '1' },
      clock,
    });
    bot = await startBot(testApp.app, { token: 'test-token', logger: testApp.app.logger, clientOptions: standIn.clientOptions() });
  });

  // Every request the bot made kept to Discord's rules (a refused one would also fail its test later).
  afterEach(() => standIn.assertNoViolations());

  afterAll(async () => {
    await bot?.stop();
    await standIn?.close();
    await testApp?.cleanup();
    await new Promise((resolve) => pages?.close(resolve));
  });

  it('answers an English question with the Arabic Kursk paragraph, highlighted and cited', async () => {
    const { sent, edit, message } = await ask(KURSK_QUESTION);
    expect(standIn.requestsFor(sent)[0]?.body).toMatchObject({ type: 5 });
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(message.content).toContain(KURSK_QUESTION);
    const [kursk] = message.embeds;
    expect(kursk!.title).toContain(SEED_TITLE);
    expect(kursk!.description).toContain(`**وأكدت الولايات المتحدة أن أكثر من ${FSI}10${PDI} آلاف جندي كوري شمالي`);
    expect(kursk!.description).toContain(`${RLI}**وأكدت`);
    expect(kursk!.description).toContain(`Paragraph ${FSI}2${PDI}`);
    expect(kursk!.description).toContain(`Published: ${FSI}2024-11-13${PDI}`);
    const actions = buttonIds(message).map(decodeButtonAction);
    expect(buttonIds(message).every((id) => id.length <= 100)).toBe(true);
    expect(actions).toContainEqual(expect.objectContaining({ kind: 'paragraph', paragraph: 2 }));
    expect(actions.filter((action) => action?.kind === 'vote')).toHaveLength(2);
  });

  it('answers an Arabic question in Arabic, pages on with "More passages" and shows the full paragraph', async () => {
    const { message } = await ask(ARABIC_QUESTION);
    expect(message.embeds[0]!.author!.name).toBe(`${RLI}مقطع 1${PDI}`);
    expect(message.embeds[0]!.description).toContain(`${RLI}الفقرة ${FSI}2${PDI}${PDI}`);
    const labels = buttons(message).map((button) => button.label);
    expect(labels).toEqual(expect.arrayContaining(['مقاطع أخرى', 'الفقرة كاملة 1']));

    const more = buttonIds(message).find((id) => decodeButtonAction(id)?.kind === 'more')!;
    const clicked = await standIn.button(more, { ...someone(), messageId: message.id });
    expect((await callbackOf(clicked)).body).toMatchObject({ type: 5 });
    await standIn.waitForRequest(isFinalEdit(clicked));
    const page2 = standIn.originalResponse(clicked)!;
    expect(page2.content).toContain(ARABIC_QUESTION);
    expect(page2.embeds[0]!.author!.name).toBe(`${RLI}مقطع 3${PDI}`);

    const paragraph = buttonIds(message).find((id) => {
      const action = decodeButtonAction(id);
      return action?.kind === 'paragraph' && action.paragraph === 2;
    })!;
    const shown = await standIn.button(paragraph, { ...someone(), messageId: message.id });
    const reply = await callbackOf(shown);
    expect(reply.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } } });
    const full = (reply.body.data.embeds as APIEmbed[])[0]!.description!;
    expect(full).toContain('وأكدت الولايات المتحدة أن أكثر من');
    expect(full).toContain('تحت السيطرة الأوكرانية جزئيًا منذ هجوم ناجح في أغسطس.');
    expect(full).not.toContain('**');
  });

  it('answers afresh, saying so, when a button outlived the index it was made for', async () => {
    const { message } = await ask(KURSK_QUESTION);
    // Not a bot violation: the test puts a stale custom_id on a fresh answer, which Discord would never send.
    const forged = { relax: ['componentOnMessage' as const] };
    const stale = await standIn.button(encodeButtonAction({ kind: 'more', generation: shortKey('an older index'), offset: 2 }), { ...someone(), messageId: message.id, ...forged });
    await standIn.waitForRequest(isFinalEdit(stale));
    const fresh = standIn.originalResponse(stale)!;
    expect(fresh.content).toContain(strings.en.indexChanged);
    expect(fresh.embeds[0]!.author!.name).toContain('Passage 1');

    const unknown = await standIn.button('more:1', someone());
    expect((await callbackOf(unknown)).body).toMatchObject({ type: 4, data: { content: strings.en.outdated, flags: MessageFlags.Ephemeral } });
  });

  it('writes 👎 to the feedback log with the question, the chunks shown and a hashed user', async () => {
    const { message } = await ask(KURSK_QUESTION);
    const down = buttonIds(message).find((id) => id.startsWith('qa2:down:'))!;
    const voter = someone();
    const clicked = await standIn.button(down, { ...voter, messageId: message.id });
    const reply = await callbackOf(clicked);
    expect(reply.body).toMatchObject({ type: 4, data: { content: strings.en.thanks, flags: MessageFlags.Ephemeral } });
    const { records } = await new FeedbackLog(serverLibrary().feedbackFile).read();
    const vote = records.find((record) => record.type === 'vote')!;
    expect(vote).toMatchObject({ vote: 'down', question: KURSK_QUESTION, language: 'en', offset: 0 });
    expect(vote.type === 'vote' && vote.chunkIds[0]).toMatch(/^2024-11-13-us-vows-response-north-korea-russia-ukraine:/u);
    expect(JSON.stringify(records)).not.toContain(voter.user.id);
  });

  it('pings nobody when a question holds @everyone, @here or a role mention', async () => {
    const { edit, message } = await ask(`@everyone @here <@&${'1'.repeat(18)}> ${KURSK_QUESTION}`);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(message.content).not.toMatch(/@everyone|@here|<@&/u);
    expect(message.embeds.length).toBeGreaterThan(0);
  });

  it("refuses an empty and an oversized question privately, in the question's language", async () => {
    const empty = await standIn.slashCommand('ask', [{ name: 'question', type: text, value: '  @everyone  ' }], someone());
    expect((await callbackOf(empty)).body).toMatchObject({ type: 4, data: { content: strings.en.emptyQuestion, flags: MessageFlags.Ephemeral } });
    const long = 'كورسك '.repeat(120);
    const oversized = await standIn.slashCommand('ask', [{ name: 'question', type: text, value: long }], someone());
    const refusal = await callbackOf(oversized);
    expect(refusal.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(refusal.body.data.content).toBe(`${RLI}${strings.ar.tooLong(500, long.trim().length)}${PDI}`);
  });

  it('says what the index holds when nothing answers, and logs the question as not found', async () => {
    const question = 'What is the recipe for chocolate cake?';
    const { message } = await ask(question);
    const [embed] = message.embeds;
    expect(embed!.title).toContain(strings.en.notFoundTitle);
    expect(embed!.description).toContain(strings.en.indexHolds);
    expect(embed!.description).toContain(SEED_TITLE);
    expect(embed!.description).toContain('NATO ministers meet in Brussels over support for Ukraine');
    const { records } = await new FeedbackLog(serverLibrary().feedbackFile).read();
    expect(records).toContainEqual(expect.objectContaining({ type: 'not-found', question, language: 'en' }));
  });

  it('shows admins the questions that went unanswered, grouped', async () => {
    await ask('What is the recipe for a lemon tart?');
    await ask('Lemon tart recipe?');
    const sent = await standIn.slashCommand('feedback', [{ name: 'days', type: Option.Integer, value: 7 }], admin);
    const report = await standIn.waitForRequest((r) => r.params.token === sent.token && r.method === 'PATCH' && (r.body?.embeds?.length ?? 0) > 0);
    const description = report.body.embeds[0].description as string;
    expect(description).toMatch(/\*\*2×\*\* \u2068(What is the recipe for a lemon tart\?|Lemon tart recipe\?)\u2069/u);
    expect(description).toContain('2 not found · 0 👎');
  });

  it('answers a mention with a typing indicator and a reply, and a reply to its answer as a follow-up', async () => {
    const author = { id: '1300000000000000001', username: 'asker' };
    const sent = await standIn.sendMessage({ content: 'What is the comprehensive strategic partnership agreement between Moscow and Pyongyang?', mentionsBot: true, author });
    await standIn.waitForRequest((r) => r.route === 'POST /channels/:channelId/typing');
    const reply = await standIn.waitForRequest((r) => r.route === 'POST /channels/:channelId/messages' && r.body?.message_reference?.message_id === sent.id);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.body.embeds.length).toBeGreaterThan(0);

    const followUp = await standIn.sendMessage({ content: 'and when was that signed?', mentionsBot: true, author, replyTo: (reply.response as APIMessage).id });
    const answer = await standIn.waitForRequest((r) => r.body?.message_reference?.message_id === followUp.id);
    expect(JSON.stringify(answer.body.embeds)).toContain('يونيو/حزيران');
    const alone = await standIn.sendMessage({ content: 'and when was that signed?', mentionsBot: true, author: { id: '1300000000000000002' } });
    const aloneAnswer = await standIn.waitForRequest((r) => r.body?.message_reference?.message_id === alone.id);
    expect(JSON.stringify(aloneAnswer.body.embeds)).not.toContain('يونيو/حزيران');
  });

  it('answers a direct message, and ignores guild messages that do not mention it', async () => {
    await standIn.sendMessage({ content: KURSK_QUESTION, author: { id: '1300000000000000003' } });
    const dm = await standIn.sendMessage({ content: KURSK_QUESTION, dm: true, author: { id: '1300000000000000003' } });
    const reply = await standIn.waitForRequest((r) => r.body?.message_reference?.message_id === dm.id);
    expect(reply.params.channelId).toBe(dm.channelId);
    expect(standIn.requests.filter((r) => r.route === 'POST /channels/:channelId/messages' && r.params.channelId === standIn.channelId && r.body?.content?.includes(KURSK_QUESTION) && r.body?.message_reference === undefined)).toEqual([]);
  });

  it("limits each user to RATE_LIMIT_QUESTIONS per window, in the question's language, and lets them ask again later", async () => {
    const user = someone();
    for (let i = 0; i < 3; i += 1) await ask(KURSK_QUESTION, user);
    const limited = await standIn.slashCommand('ask', [{ name: 'question', type: text, value: ARABIC_QUESTION }], user);
    expect((await callbackOf(limited)).body).toMatchObject({ type: 4, data: { content: `${RLI}${strings.ar.rateLimited(60)}${PDI}`, flags: MessageFlags.Ephemeral } });
    clock.time += 61_000;
    const { message } = await ask(KURSK_QUESTION, user);
    expect(message.embeds.length).toBeGreaterThan(0);
  });

  it('tells a question that waits for a free slot that it is queued', async () => {
    const index = testApp.app.sharedIndex;
    const original = index.use.bind(index);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Holds the question that has the one slot (MAX_CONCURRENT_QUESTIONS=1) until released.
    index.use = async (work) => {
      await gate;
      return original(work);
    };
    try {
      const first = await standIn.slashCommand('ask', [{ name: 'question', type: text, value: KURSK_QUESTION }], someone());
      await callbackOf(first);
      const second = await standIn.slashCommand('ask', [{ name: 'question', type: text, value: KURSK_QUESTION }], someone());
      const queued = await standIn.waitForRequest((r) => r.params.token === second.token && r.method === 'PATCH');
      expect(queued.body.content).toBe(strings.en.queued);
      release();
      await standIn.waitForRequest(isFinalEdit(first));
      await standIn.waitForRequest(isFinalEdit(second));
    } finally {
      index.use = original;
      release();
    }
  });

  it('refuses admin commands to members without Manage Server, privately', async () => {
    for (const [name, options] of [
      ['add-article', [{ name: 'url', type: text, value: `${pagesUrl}/news/nato.html` }]],
      ['reindex', []],
      ['feedback', []],
    ] as const) {
      const sent = await standIn.slashCommand(name, [...options], someone());
      expect((await callbackOf(sent)).body).toMatchObject({ type: 4, data: { content: strings.en.notAdmin, flags: MessageFlags.Ephemeral } });
    }
  });

  it('adds an uploaded article, which can be asked about at once, and reports a duplicate', async () => {
    const body = '---\ntitle: Winter fuel convoy reaches Kharkiv\n---\nA convoy of forty fuel tankers reached Kharkiv on Monday after a three-day journey.\n';
    const sent = await standIn.slashCommand('add-article', [{ name: 'file', type: Option.Attachment, value: { filename: 'Fuel Convoy.md', data: body, contentType: 'text/markdown' } }], admin);
    const done = await standIn.waitForRequest((r) => r.params.token === sent.token && /Added/u.test(r.body?.content ?? ''));
    expect(done.body.content).toContain('fuel-convoy');
    expect(await fs.readFile(path.join(serverLibrary().corpusDir, 'fuel-convoy.md'), 'utf8')).toBe(body);
    const { message } = await ask('How many fuel tankers reached Kharkiv?');
    expect(message.embeds[0]!.description).toContain('forty fuel tankers');

    const again = await standIn.slashCommand('add-article', [{ name: 'file', type: Option.Attachment, value: { filename: 'copy.md', data: body, contentType: 'text/markdown' } }], admin);
    const duplicate = await standIn.waitForRequest((r) => r.params.token === again.token && r.method === 'PATCH');
    expect(duplicate.body.content).toContain('already indexed');
  });

  it('refuses a binary file and keeps a path-traversal file name inside the corpus folder', async () => {
    const binary = await standIn.slashCommand('add-article', [{ name: 'file', type: Option.Attachment, value: { filename: 'photo.txt', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]) } }], admin);
    const refusal = await standIn.waitForRequest((r) => r.params.token === binary.token && r.method === 'PATCH');
    expect(refusal.body.content).toContain('binary file');

    const text = 'Rail links repaired\n\nRail links to the front were repaired within two weeks, the ministry said on Tuesday.\n';
    const sent = await standIn.slashCommand('add-article', [{ name: 'file', type: Option.Attachment, value: { filename: '../../../escape.txt', data: text } }], admin);
    await standIn.waitForRequest((r) => r.params.token === sent.token && /Added/u.test(r.body?.content ?? ''));
    expect(await fs.readFile(path.join(serverLibrary().corpusDir, 'escape.txt'), 'utf8')).toBe(text);
    await expect(fs.access(path.join(testApp.root, 'escape.txt'))).rejects.toThrow();
    await expect(fs.access(path.join(path.dirname(testApp.root), 'escape.txt'))).rejects.toThrow();
  });

  it('adds an article from a URL on a local test server (ALLOW_PRIVATE_URLS=true)', async () => {
    const sent = await standIn.slashCommand('add-article', [{ name: 'url', type: text, value: `${pagesUrl}/news/nato.html` }], admin);
    const done = await standIn.waitForRequest((r) => r.params.token === sent.token && /Added/u.test(r.body?.content ?? ''), 5_000);
    expect(done.body.content).toContain('ministers-agree-on-winter-aid');
    const saved = await fs.readFile(path.join(serverLibrary().corpusDir, 'ministers-agree-on-winter-aid.md'), 'utf8');
    expect(saved).toContain(`url: '${pagesUrl}/news/nato.html'`);
    expect(saved).toContain('300 generators');
  });

  it('lists the articles, completes and removes one by id', async () => {
    const listed = await standIn.slashCommand('articles', [], someone());
    const list = await callbackOf(listed);
    expect(list.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(list.body.data.embeds[0].description).toContain('`brussels-nato-talks`');

    const completion = await standIn.autocomplete('remove-article', [{ name: 'id', type: text, value: 'escape', focused: true }], admin);
    expect((await callbackOf(completion)).body).toMatchObject({ type: 8, data: { choices: [{ value: 'escape' }] } });

    const removed = await standIn.slashCommand('remove-article', [{ name: 'id', type: text, value: 'escape' }], admin);
    await standIn.waitForRequest((r) => r.params.token === removed.token && /Removed/u.test(r.body?.content ?? ''));
    expect((await testApp.app.libraries.server(standIn.guildId))!.index.snapshot?.article('escape')).toBeUndefined();
    await expect(fs.access(path.join(serverLibrary().corpusDir, 'escape.txt'))).rejects.toThrow();
  });

  it('reindexes in full while a question is being answered, and reports progress and a summary', async () => {
    const reindex = await standIn.slashCommand('reindex', [{ name: 'full', type: Option.Boolean, value: true }], admin);
    const question = ask(KURSK_QUESTION);
    const summary = await standIn.waitForRequest((r) => r.params.token === reindex.token && /Index updated/u.test(r.body?.content ?? ''), 5_000);
    expect(summary.body.content).toMatch(/\d+ chunks in all/u);
    expect(standIn.requestsFor(reindex).some((r) => /Updating the index/u.test(r.body?.content ?? ''))).toBe(true);
    const { message } = await question;
    expect(message.embeds[0]!.description).toContain('كورسك');
  });
});
