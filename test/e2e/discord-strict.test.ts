import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApplicationCommandOptionType as Option, PermissionFlagsBits } from 'discord.js';
import type { APIMessage } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeButtonAction } from '../../src/discord/customId.ts';
import { deployCommands } from '../../src/discord/deployCommands.ts';
import { startBot, type RunningBot } from '../../src/discord/startBot.ts';
import { startDiscordStandIn, type DiscordStandIn, type RecordedRequest, type SentInteraction } from '../support/discord/index.ts';
import { createTestApp, englishFixture, seedArticle, type TestApp } from '../support/testApp.ts';

const KURSK = 'How many soldiers were sent to the Kursk region?';
const text = Option.String;
const member = { permissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages };
const admin = { permissions: member.permissions | PermissionFlagsBits.ManageGuild };
/** The bot's operator (OWNER_USER_IDS): the articles here are in the shared library, which only operators change from Discord. */
const operator = { ...admin, user: { id: '15999999999999999' } };
const shared = { name: 'library', type: Option.String, value: 'shared' };
const LONG_URL = `https://example.org/news/${'very-long-path-segment/'.repeat(100)}lighthouse`;

let nextUser = 1;
const someone = () => ({ id: `15000000000000${String(nextUser++).padStart(4, '0')}` });

/** Holds every call of `target[key]` until released; `restore` puts the method back. */
function hold(target: object, key: string): { release(): void; restore(): void } {
  const object = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = object[key]!.bind(target);
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  object[key] = async (...args: unknown[]) => {
    await opened;
    return original(...args);
  };
  return {
    release,
    restore: () => {
      object[key] = original;
      release();
    },
  };
}

/**
 * The bot against a stand-in that keeps to every rule of Discord, with the bot's own commands registered:
 * what Discord would refuse the bot, and what Discord would never send it. Where the bot breaks a rule
 * today, the test relaxes that one rule and says so (`// bot violates: …`), so it documents the fix due.
 */
describe('the Discord bot against a strict stand-in with its commands registered', () => {
  let standIn: DiscordStandIn;
  let testApp: TestApp;
  let bot: RunningBot;
  let articleDir: string;

  const callbackOf = (sent: SentInteraction) => standIn.waitForRequest((r) => r.params.interactionId === sent.id);
  const finalEdit = (sent: SentInteraction) => (r: RecordedRequest) => r.params.token === sent.token && r.method === 'PATCH' && r.status === 200 && (r.body?.embeds?.length ?? 0) > 0;

  beforeAll(async () => {
    articleDir = await fs.mkdtemp(path.join(os.tmpdir(), 'qa-strict-'));
    const longUrlArticle = path.join(articleDir, 'lighthouse.md');
    await fs.writeFile(
      longUrlArticle,
      `---\ntitle: The old lighthouse reopens\nurl: ${LONG_URL}\npublished: 2024-12-01\nlanguage: en\n---\nThe old lighthouse on the northern cape reopened to visitors on Sunday after a restoration that took three years.\n`,
    );
    standIn = await startDiscordStandIn();
    testApp = await createTestApp({ articles: [seedArticle, englishFixture, longUrlArticle], settings: { RATE_LIMIT_QUESTIONS: '100', TOP_K: '2', OWNER_USER_IDS: operator.user.id } });
    bot = await startBot(testApp.app, { token: 'test-token', logger: testApp.app.logger, clientOptions: standIn.clientOptions() });
    await deployCommands({ token: 'test-token', rest: { api: standIn.restUrl } });
  });

  afterEach(() => standIn.assertNoViolations());

  afterAll(async () => {
    await bot?.stop();
    await standIn?.close();
    await testApp?.cleanup();
    await fs.rm(articleDir, { recursive: true, force: true });
  });

  it('is offered by Discord as it registered: admin commands to Manage Server only, guild-only ones never in a DM', async () => {
    for (const name of ['reindex', 'add-article', 'remove-article', 'feedback']) {
      await expect(standIn.slashCommand(name, [], { ...member, user: someone() })).rejects.toMatchObject({ rule: 'memberPermissions' });
    }
    await expect(standIn.slashCommand('reindex', [], { dm: true })).rejects.toMatchObject({ rule: 'commandContexts' });
    await expect(standIn.slashCommand('add-article', [{ name: 'url', type: text, value: 'https://example.org/a' }], { dm: true })).rejects.toMatchObject({ rule: 'commandContexts' });
    await expect(standIn.slashCommand('ask', [])).rejects.toMatchObject({ rule: 'registeredCommand' });
    await expect(standIn.slashCommand('unknown-command')).rejects.toMatchObject({ rule: 'registeredCommand' });

    const inDm = await standIn.slashCommand('ask', [{ name: 'question', type: text, value: KURSK }], { dm: true, user: someone() });
    await standIn.waitForRequest(finalEdit(inDm), 5_000);
    const completion = await standIn.autocomplete('remove-article', [{ name: 'id', type: text, value: 'light', focused: true }, shared], operator);
    expect((await callbackOf(completion)).body).toMatchObject({ type: 8, data: { choices: [{ value: 'lighthouse' }] } });
  });

  it('answers a mention whose question was deleted while it was being answered', async () => {
    // Holds the question in the index until the message is gone.
    const held = hold(testApp.app.sharedIndex, 'use');
    try {
      const sent = await standIn.sendMessage({ content: KURSK, mentionsBot: true, author: someone() });
      await standIn.waitForRequest((r) => r.route === 'POST /channels/:channelId/typing' && r.params.channelId === sent.channelId);
      await standIn.deleteMessage(sent.id);
      const since = standIn.requests.length;
      held.release();
      const answer = await standIn.waitForRequest(
        (r) => standIn.requests.indexOf(r) >= since && r.route === 'POST /channels/:channelId/messages' && r.status === 200 && (r.body?.embeds?.length ?? 0) > 0,
        5_000,
      );
      expect(answer.body.message_reference).toMatchObject({ fail_if_not_exists: false });
      expect(JSON.stringify(answer.body.embeds)).toContain('كورسك');
      expect((answer.response as APIMessage).channel_id).toBe(sent.channelId);
    } finally {
      held.restore();
    }
  });

  it('answers with a passage whose article URL is over 2,048 characters, and shows its paragraph', async () => {
    expect(LONG_URL.length).toBeGreaterThan(2048);
    {
      const sent = await standIn.slashCommand('ask', [{ name: 'question', type: text, value: 'When did the old lighthouse reopen to visitors?' }], { user: someone() });
      const edit = await standIn.waitForRequest(finalEdit(sent), 5_000);
      const message = standIn.originalResponse(sent)!;
      expect(edit.body.embeds[0].title).toContain('lighthouse');

      const paragraph = (message.components ?? [])
        .flatMap((row) => ('components' in row ? row.components : []) as Array<{ custom_id?: string }>)
        .map((button) => button.custom_id ?? '')
        .find((id) => decodeButtonAction(id)?.kind === 'paragraph')!;
      const shown = await standIn.button(paragraph, { user: someone(), messageId: message.id });
      const reply = await callbackOf(shown);
      expect(reply).toMatchObject({ status: 204, body: { type: 4 } });
      expect(reply.body.data.embeds[0].description).toContain('northern cape');
    }
  });

  it('reports the summary of a /reindex that outlasts the 15-minute interaction token', async () => {
    const held = hold(testApp.app.sharedIndex, 'reindex');
    try {
      const sent = await standIn.slashCommand('reindex', [shared], operator);
      await standIn.waitForRequest((r) => r.params.token === sent.token && r.method === 'PATCH' && r.status === 200);
      // A full reindex of a large corpus takes longer than this.
      standIn.clock.advance(15 * 60_000 + 1);
      const since = standIn.requests.length;
      held.release();
      // The expired token refuses the edit (401, recorded as the bot's violation); the summary comes as a direct message.
      const summary = await standIn.waitForRequest((r) => standIn.requests.indexOf(r) >= since && r.status === 200 && /Index updated/u.test(r.body?.content ?? ''), 5_000);
      expect(summary.route).toBe('POST /channels/:channelId/messages');
      expect(summary.body.content).toMatch(/\d+ chunks in all/u);
      expect(standIn.takeViolations().map((violation) => violation.rule)).toEqual(['tokenLifetime']);
    } finally {
      held.restore();
    }
  });
});
