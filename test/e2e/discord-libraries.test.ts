import fs from 'node:fs/promises';
import path from 'node:path';
import { ApplicationCommandOptionType as Option, MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { strings } from '../../src/answer/strings.ts';
import { libraryPaths } from '../../src/app/library.ts';
import { startBot, type RunningBot } from '../../src/discord/startBot.ts';
import { startDiscordStandIn, type DiscordStandIn, type InteractionContext, type RecordedRequest, type SentInteraction } from '../support/discord/index.ts';
import { createTestApp, seedArticle, type TestApp } from '../support/testApp.ts';

const OWNER = '17000000000000000001';
const MANAGER_A = '17000000000000000002';
const MANAGER_B = '17000000000000000003';
const READER = '17000000000000000004';
const manager = { name: 'Managers', permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages };

const LIGHTHOUSE = '---\ntitle: Harbour lighthouse reopens\nlanguage: en\n---\nThe harbour lighthouse reopened on Sunday after a restoration that lasted three years.\n';
const FERRY = '---\ntitle: Island ferry timetable\nlanguage: en\n---\nThe island ferry now leaves the harbour every forty minutes during the summer season.\n';
const KURSK = 'كم عدد الجنود الكوريين في كورسك؟';
const LIGHTHOUSE_QUESTION = 'When did the harbour lighthouse reopen after its restoration?';

/**
 * Three servers and DMs on one bot: each server's admins manage their own library, its members ask
 * it and the shared one, and nothing of one server reaches another.
 */
describe('a library per Discord server', () => {
  let standIn: DiscordStandIn;
  let testApp: TestApp;
  let bot: RunningBot;
  const id = (guild: string) => standIn.guild(guild).id;
  const asManager = (guild: 'A' | 'B', user = guild === 'A' ? MANAGER_A : MANAGER_B): InteractionContext => ({ guild, user: { id: user } });
  const finalEdit = (sent: SentInteraction) => (r: RecordedRequest) => r.params.token === sent.token && r.method === 'PATCH' && r.status === 200;

  async function command(name: string, options: Parameters<DiscordStandIn['slashCommand']>[1], ctx: InteractionContext): Promise<string> {
    const sent = await standIn.slashCommand(name, options, ctx);
    const callback = await standIn.waitForRequest((r) => r.params.interactionId === sent.id);
    if (callback.body?.type === 4) return callback.body.data.content as string;
    return (await standIn.waitForRequest(finalEdit(sent), 5_000)).body.content as string;
  }

  async function ask(question: string, ctx: InteractionContext): Promise<APIMessage> {
    const sent = await standIn.slashCommand('ask', [{ name: 'question', type: Option.String, value: question }], ctx);
    await standIn.waitForRequest((r) => finalEdit(sent)(r) && (r.body?.embeds?.length ?? 0) > 0, 5_000);
    return standIn.originalResponse(sent)!;
  }

  const upload = (name: string, data: string) => ({ name: 'file', type: Option.Attachment, value: { filename: name, data, contentType: 'text/markdown' } });
  const cited = (message: APIMessage) => JSON.stringify(message.embeds);

  beforeAll(async () => {
    standIn = await startDiscordStandIn({
      guilds: ['A', 'B', 'C'].map((name) => ({
        name,
        roles: [manager],
        members: [
          { user: { id: MANAGER_A }, roles: name === 'A' ? ['Managers'] : [] },
          { user: { id: MANAGER_B }, roles: name === 'B' ? ['Managers'] : [] },
        ],
      })),
    });
    // Keyword evidence alone decides "not found" here: the test model's similarities between unrelated texts are noise.
    testApp = await createTestApp({ articles: [seedArticle], settings: { OWNER_USER_IDS: OWNER, RATE_LIMIT_QUESTIONS: '100', TOP_K: '2', NOT_FOUND_MIN_SIMILARITY: '0.95' } });
    bot = await startBot(testApp.app, { token: 'test-token', logger: testApp.app.logger, clientOptions: standIn.clientOptions() });
    expect(await command('add-article', [upload('lighthouse.md', LIGHTHOUSE)], asManager('B'))).toContain('Added');
    expect(await command('add-article', [upload('ferry.md', FERRY)], asManager('A'))).toContain('Added');
  });

  afterEach(() => standIn.assertNoViolations());

  afterAll(async () => {
    await bot?.stop();
    await standIn?.close();
    await testApp?.cleanup();
  });

  it("answers B's members from B's article, and never A's or C's members", async () => {
    const inB = await ask(LIGHTHOUSE_QUESTION, { guild: 'B', user: { id: READER } });
    expect(cited(inB)).toContain('restoration that lasted three years');
    expect(cited(inB)).toContain(strings.en.libraryServer);
    for (const guild of ['A', 'C']) expect(cited(await ask(LIGHTHOUSE_QUESTION, { guild, user: { id: READER } }))).not.toContain('lighthouse reopened');
  });

  it('cites the shared article in every server, and only the shared library in a DM', async () => {
    for (const guild of ['A', 'B', 'C']) expect(cited(await ask(KURSK, { guild, user: { id: READER } }))).toContain('كورسك');
    expect(cited(await ask(KURSK, { dm: true, user: { id: READER } }))).toContain('كورسك');
    expect(cited(await ask(LIGHTHOUSE_QUESTION, { dm: true, user: { id: READER } }))).not.toContain('lighthouse reopened');
  });

  it("does not let B's manager see or remove A's article, and leaves A's files alone", async () => {
    const completion = await standIn.autocomplete('remove-article', [{ name: 'id', type: Option.String, value: '', focused: true }], asManager('B'));
    const choices = (await standIn.waitForRequest((r) => r.params.interactionId === completion.id)).body.data.choices as Array<{ value: string }>;
    expect(choices.map((choice) => choice.value)).toEqual(['lighthouse']);
    // A forged id: A's article, named in B.
    expect(await command('remove-article', [{ name: 'id', type: Option.String, value: 'ferry' }], asManager('B'))).toBe(strings.en.articleUnknown('`ferry`'));
    await expect(fs.readFile(path.join(libraryPaths(id('A'), testApp.settings).corpusDir, 'ferry.md'), 'utf8')).resolves.toBe(FERRY);
    // A value that is no id at all (a path, markup) is not echoed, and nothing is touched.
    for (const forged of ['../A/corpus/ferry', '`@everyone` ferry']) {
      expect(await command('remove-article', [{ name: 'id', type: Option.String, value: forged }], asManager('B'))).toBe(strings.en.articleIdInvalid);
    }
    await expect(fs.readFile(path.join(libraryPaths(id('A'), testApp.settings).corpusDir, 'ferry.md'), 'utf8')).resolves.toBe(FERRY);
    // And in A, B's manager is no admin at all.
    const refused = await standIn.slashCommand('remove-article', [{ name: 'id', type: Option.String, value: 'ferry' }], { ...asManager('A', MANAGER_B), relax: ['memberPermissions'] });
    expect((await standIn.waitForRequest((r) => r.params.interactionId === refused.id)).body).toMatchObject({ data: { content: strings.en.notAdmin, flags: MessageFlags.Ephemeral } });
  });

  it("shows B's admins B's unanswered questions only", async () => {
    await ask('What is the recipe for a plum cake?', { guild: 'A', user: { id: READER } });
    await ask('What is the recipe for a lemon tart?', { guild: 'B', user: { id: READER } });
    await ask('What is the recipe for an apple pie?', { dm: true, user: { id: READER } });
    const report = JSON.stringify((await standIn.waitForRequest(finalEdit(await standIn.slashCommand('feedback', [], asManager('B'))), 5_000)).body.embeds);
    expect(report).toContain('lemon tart');
    expect(report).not.toContain('plum cake');
    expect(report).not.toContain('apple pie');
  });

  it('lets an operator change the shared library from Discord, and no server manager', async () => {
    const shared = { name: 'library', type: Option.String, value: 'shared' };
    const text = '---\ntitle: Grain corridor reopens\nlanguage: en\n---\nThe grain corridor reopened on Thursday for the first ships of the season.\n';
    expect(await command('add-article', [upload('grain.md', text), shared], asManager('B'))).toBe(strings.en.notOwner);
    expect(await command('add-article', [upload('grain.md', text), shared], { guild: 'C', user: { id: OWNER } })).toContain('Added');
    await expect(fs.readFile(path.join(testApp.settings.corpusDir, 'grain.md'), 'utf8')).resolves.toBe(text);
    expect(cited(await ask('When did the grain corridor reopen?', { guild: 'A', user: { id: READER } }))).toContain('first ships of the season');
  });

  it('keeps the library of a server that removes the bot', async () => {
    standIn.removeGuild('C');
    expect(await testApp.app.libraries.serverIds()).toEqual(expect.arrayContaining([id('A'), id('B')]));
    await expect(fs.access(libraryPaths(id('B'), testApp.settings).indexDir)).resolves.toBeUndefined();
  });
});
