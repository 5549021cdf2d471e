import { once } from 'node:events';
import { Socket } from 'node:net';
import {
  ApplicationCommandOptionType,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GatewayOpcodes,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  Routes,
} from 'discord.js';
import type { ChatInputCommandInteraction, Interaction, Message, TextChannel } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { guildIdOnShard, shardOfGuild, startDiscordStandIn } from './discord/index.ts';
import type { DiscordStandIn } from './discord/index.ts';

const callbackRoute = 'POST /interactions/:interactionId/:token/callback';

/** The host of a TCP `Socket#connect` call, or null for IPC; covers net.connect's pre-normalised arguments. */
function tcpHost(args: unknown[]): string | null {
  const first: unknown = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const { host, port } = first as { host?: string; port?: number };
    return port === undefined ? null : (host ?? 'localhost');
  }
  return typeof first === 'number' || typeof first === 'string' ? String(args[1] ?? 'localhost') : null;
}

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;

describe('Discord stand-in driving a real discord.js Client', () => {
  let standIn: DiscordStandIn;
  let client: Client;
  const connectSpy = vi.spyOn(Socket.prototype, 'connect');
  const tcpHandlesBefore = tcpHandles();

  const nextInteraction = () => once(client, Events.InteractionCreate).then(([i]) => i as Interaction);
  const nextMessage = () => once(client, Events.MessageCreate).then(([m]) => m as Message);

  beforeAll(async () => {
    standIn = await startDiscordStandIn({ heartbeatIntervalMs: 50 });
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      ...standIn.clientOptions(),
    });
    const ready = once(client, Events.ClientReady);
    await client.login('test-token');
    await ready;
  });

  afterAll(async () => {
    connectSpy.mockRestore();
    await client?.destroy();
    await standIn?.close();
  });

  it('logs in over REST and the gateway, caches the guild and keeps a heartbeat', async () => {
    expect(standIn.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', headers: { authorization: 'Bot test-token' } });
    const identify = standIn.gatewayPayloads.find((p) => p.op === GatewayOpcodes.Identify);
    expect(identify?.d).toMatchObject({ token: 'test-token', intents: client.options.intents.bitfield });
    expect(client.user?.id).toBe(standIn.botUser.id);
    expect(client.guilds.cache.get(standIn.guildId)?.channels.cache.get(standIn.channelId)?.type).toBe(ChannelType.GuildText);
    await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 1_000, interval: 10 });
  });

  it('records a deferred slash command reply and its @original edit', async () => {
    const received = nextInteraction();
    const sent = await standIn.slashCommand('ask', [
      { name: 'question', type: ApplicationCommandOptionType.String, value: 'What happened?' },
      { name: 'article', type: ApplicationCommandOptionType.Attachment, value: { filename: 'a.txt', data: 'Body text', contentType: 'text/plain' } },
    ]);
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
    expect(interaction.options.getString('question')).toBe('What happened?');
    const attachment = interaction.options.getAttachment('article', true);
    expect(await (await fetch(attachment.url)).text()).toBe('Body text');

    await interaction.deferReply();
    await interaction.editReply({ embeds: [{ title: 'Answer', description: 'It rained.' }], allowedMentions: { parse: [] } });

    const [callback, edit] = standIn.requestsFor(sent);
    expect(callback).toMatchObject({ route: callbackRoute, status: 204, body: { type: 5 } });
    expect(edit).toMatchObject({
      method: 'PATCH',
      path: `/webhooks/${standIn.applicationId}/${sent.token}/messages/@original`,
      body: { embeds: [{ title: 'Answer', description: 'It rained.' }], allowed_mentions: { parse: [] } },
    });
    expect(standIn.originalResponse(sent)).toMatchObject({ flags: 0, embeds: [{ type: 'rich', title: 'Answer' }] });

    const tooLong = interaction.editReply('x'.repeat(2001));
    await expect(tooLong).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(tooLong).rejects.toMatchObject({ code: 50035 });
  });

  it('records a button update and an ephemeral follow-up', async () => {
    const received = nextInteraction();
    const sent = await standIn.button('more:1');
    const interaction = await received;
    if (!interaction.isButton()) throw new Error('expected a button');
    expect(interaction.customId).toBe('more:1');

    await interaction.update({ content: 'Updated', components: [] });
    await interaction.followUp({ content: 'Only you can see this', flags: MessageFlags.Ephemeral });

    const [callback, followUp] = standIn.requestsFor(sent);
    expect(callback?.body).toMatchObject({ type: 7, data: { content: 'Updated', components: [] } });
    expect(followUp).toMatchObject({ method: 'POST', body: { content: 'Only you can see this', flags: MessageFlags.Ephemeral } });
    expect(standIn.message(interaction.message.id)?.content).toBe('Updated');
  });

  it('delivers a mention in a guild channel and records the typing and the reply', async () => {
    const received = nextMessage();
    const sent = await standIn.sendMessage({ content: 'what is new?', mentionsBot: true });
    const message = await received;
    expect(message.content).toBe(`<@${standIn.botUser.id}> what is new?`);
    expect(message.mentions.users.has(client.user!.id)).toBe(true);
    if (!message.channel.isSendable()) throw new Error('expected a sendable channel');

    await message.channel.sendTyping();
    await message.reply('Here is the news');

    await standIn.waitForRequest((r) => r.route === 'POST /channels/:channelId/typing' && r.params.channelId === standIn.channelId);
    const reply = await standIn.waitForRequest((r) => r.route === 'POST /channels/:channelId/messages');
    expect(reply.body).toMatchObject({ content: 'Here is the news', message_reference: { message_id: sent.id } });
    expect(reply.response).toMatchObject({ type: 19, referenced_message: { id: sent.id }, author: { id: standIn.botUser.id } });
  });

  it('blanks guild content without the MessageContent intent but not DM content', async () => {
    const inGuild = nextMessage();
    await standIn.sendMessage({ content: 'no mention here' });
    expect((await inGuild).content).toBe('');

    const inDm = nextMessage();
    const sent = await standIn.sendMessage({ content: 'hello in private', dm: true });
    const message = await inDm;
    expect(message.channel.type).toBe(ChannelType.DM);
    expect(message.guild).toBeNull();
    expect(message.content).toBe('hello in private');
    await message.reply('hello back');
    const reply = await standIn.waitForRequest((r) => r.body?.content === 'hello back');
    expect(reply.params.channelId).toBe(sent.channelId);
  });

  it('lets a dropped client resume its session and keeps dispatching to it', async () => {
    const resumes = () => standIn.gatewayPayloads.filter((p) => p.op === GatewayOpcodes.Resume).length;
    const before = resumes();
    const resumed = once(client, Events.ShardResume);
    standIn.dropConnections();
    await resumed;
    expect(resumes()).toBe(before + 1);
    const received = nextMessage();
    await standIn.sendMessage({ content: 'still there?', dm: true });
    expect((await received).content).toBe('still there?');
  });

  it('answers unknown routes with 404 and records them', async () => {
    await expect(client.rest.get('/guilds/1/audit-logs')).rejects.toMatchObject({ status: 404 });
    expect(standIn.requests.at(-1)).toMatchObject({ route: null, path: '/guilds/1/audit-logs', status: 404 });
  });

  it('connected only to 127.0.0.1 and leaves no socket open after destroy and close', async () => {
    await client.destroy();
    await standIn.close();
    const hosts = connectSpy.mock.calls.map((args) => tcpHost(args)).filter((h) => h !== null);
    expect(hosts.length).toBeGreaterThan(1);
    expect(new Set(hosts)).toEqual(new Set(['127.0.0.1']));
    // Client-side sockets finish closing a tick or two after the server drops them.
    await vi.waitFor(() => expect(tcpHandles()).toBe(tcpHandlesBefore), { timeout: 500, interval: 5 });
  });
});

async function connectedClient(standIn: DiscordStandIn): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    ...standIn.clientOptions(),
  });
  const ready = once(client, Events.ClientReady);
  await client.login('test-token');
  await ready;
  return client;
}

const refusal = (rule: string) => expect.objectContaining({ name: 'StandInRefusal', rule });

describe('the stand-in sends only what Discord could send', () => {
  let standIn: DiscordStandIn;
  let client: Client;
  const text = ApplicationCommandOptionType.String;

  beforeAll(async () => {
    standIn = await startDiscordStandIn();
    client = await connectedClient(standIn);
  });

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it('refuses string options over 6,000 characters unless optionLength is relaxed', async () => {
    await expect(standIn.slashCommand('ask', [{ name: 'question', type: text, value: 'x'.repeat(6001) }])).rejects.toEqual(refusal('optionLength'));
    const received = once(client, Events.InteractionCreate);
    await standIn.slashCommand('ask', [{ name: 'question', type: text, value: 'x'.repeat(6000) }]);
    await received;
    const relaxed = once(client, Events.InteractionCreate);
    await standIn.slashCommand('ask', [{ name: 'question', type: text, value: 'x'.repeat(10_000) }], { relax: ['optionLength'] });
    const [interaction] = (await relaxed) as [Interaction];
    expect(interaction.isChatInputCommand() && interaction.options.getString('question')?.length).toBe(10_000);
    expect(standIn.relaxedViolations.at(-1)).toMatchObject({ rule: 'optionLength', side: 'test' });
  });

  it('refuses message content over 2,000 characters, or 4,000 from a Nitro user', async () => {
    await expect(standIn.sendMessage({ content: 'x'.repeat(2001), dm: true })).rejects.toEqual(refusal('contentLength'));
    // The mention Discord puts in front counts too.
    await expect(standIn.sendMessage({ content: 'x'.repeat(1990), mentionsBot: true })).rejects.toEqual(refusal('contentLength'));
    const nitro = once(client, Events.MessageCreate);
    await standIn.sendMessage({ content: 'x'.repeat(4000), dm: true, author: { premium_type: 2 } });
    expect(((await nitro)[0] as Message).content).toHaveLength(4000);
    await expect(standIn.sendMessage({ content: 'x'.repeat(4001), dm: true, author: { premium_type: 2 } })).rejects.toEqual(refusal('contentLength'));
    const delivered = once(client, Events.MessageCreate);
    await standIn.sendMessage({ content: 'x'.repeat(10_000), dm: true, relax: ['contentLength'] });
    expect(((await delivered)[0] as Message).content).toHaveLength(10_000);
  });

  it('advertises a 10 MiB attachment limit and refuses a larger attachment unless attachmentLimit is relaxed', async () => {
    const big = { filename: 'big.txt', data: Buffer.alloc(10 * 1024 * 1024 + 1) };
    await expect(standIn.slashCommand('add-article', [{ name: 'file', type: ApplicationCommandOptionType.Attachment, value: big }])).rejects.toEqual(refusal('attachmentLimit'));
    await expect(standIn.sendMessage({ content: 'here', dm: true, attachments: [big] })).rejects.toEqual(refusal('attachmentLimit'));
    const received = once(client, Events.InteractionCreate);
    const sent = await standIn.slashCommand('add-article', [{ name: 'file', type: ApplicationCommandOptionType.Attachment, value: big }], { relax: ['attachmentLimit'] });
    expect(sent.payload).toMatchObject({ attachment_size_limit: 10 * 1024 * 1024 });
    const [interaction] = (await received) as [Interaction];
    expect(interaction.isChatInputCommand() && interaction.options.getAttachment('file')?.size).toBe(10 * 1024 * 1024 + 1);
  });

  it("refuses an attachment whose size is not what its URL serves, unless attachmentSizeMatches is relaxed", async () => {
    const lying = { filename: 'small.txt', data: 'nine byte', size: 5 };
    await expect(standIn.slashCommand('add-article', [{ name: 'file', type: ApplicationCommandOptionType.Attachment, value: lying }])).rejects.toEqual(refusal('attachmentSizeMatches'));
    const hosted = standIn.hostFile('claims-less.txt', 'x'.repeat(100), 'text/plain', { size: 10 });
    await expect(standIn.sendMessage({ content: 'file', dm: true, attachments: [hosted] })).rejects.toEqual(refusal('attachmentSizeMatches'));

    const received = once(client, Events.InteractionCreate);
    await standIn.slashCommand('add-article', [{ name: 'file', type: ApplicationCommandOptionType.Attachment, value: lying }], { relax: ['attachmentSizeMatches'] });
    const [interaction] = (await received) as [Interaction];
    if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
    const attachment = interaction.options.getAttachment('file', true);
    expect(attachment.size).toBe(5);
    expect(await (await fetch(attachment.url)).text()).toBe('nine byte');
  });

  it('sends clicks only for a button on the message, with a custom_id of at most 100 characters', async () => {
    await expect(standIn.button('x'.repeat(101))).rejects.toEqual(refusal('customIdLength'));
    const received = once(client, Events.InteractionCreate);
    const first = await standIn.button('real');
    await received;
    const messageId = (first.payload as { message: { id: string } }).message.id;
    await expect(standIn.button('forged', { messageId })).rejects.toEqual(refusal('componentOnMessage'));
    const again = once(client, Events.InteractionCreate);
    await standIn.button('real', { messageId });
    await again;
    const forged = once(client, Events.InteractionCreate);
    await standIn.button('forged', { messageId, relax: ['componentOnMessage'] });
    expect(((await forged)[0] as Interaction).isButton()).toBe(true);
  });

  it('sends no click for a disabled button or a message that is gone', async () => {
    const posted = (await client.rest.post(Routes.channelMessages(standIn.channelId), {
      body: { content: 'pick', components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'off', label: 'Off', disabled: true }] }] },
    })) as { id: string };
    await expect(standIn.button('off', { messageId: posted.id })).rejects.toEqual(refusal('componentOnMessage'));
    await standIn.deleteMessage(posted.id);
    await expect(standIn.button('off', { messageId: posted.id })).rejects.toThrow(/no message/u);
  });
});

describe('the stand-in invokes only the commands the bot registered, where and for whom it registered them', () => {
  let standIn: DiscordStandIn;
  let client: Client;
  const text = ApplicationCommandOptionType.String;
  const member = { permissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages };
  const manager = { permissions: member.permissions | PermissionFlagsBits.ManageGuild };

  beforeAll(async () => {
    standIn = await startDiscordStandIn();
    client = await connectedClient(standIn);
    // Before anything is registered, any command goes (tests that never deploy commands).
    await expect(standIn.slashCommand('anything')).resolves.toBeDefined();
    await client.rest.put(Routes.applicationCommands(standIn.applicationId), {
      body: [
        { name: 'ask', description: 'Ask', contexts: [0, 1], options: [{ type: text, name: 'question', description: 'q', required: true, max_length: 500 }] },
        { name: 'reindex', description: 'Reindex', default_member_permissions: String(PermissionFlagsBits.ManageGuild), contexts: [0] },
        { name: 'locked', description: 'Admins only', default_member_permissions: '0' },
        { name: 'remove', description: 'Remove', options: [{ type: text, name: 'id', description: 'id', autocomplete: true }, { type: text, name: 'why', description: 'why' }] },
      ],
    });
    await client.rest.put(Routes.applicationGuildCommands(standIn.applicationId, standIn.guildId), { body: [{ name: 'here', description: 'Guild only' }] });
  });

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it('refuses an unregistered command, an unknown option, a missing required one and one over its max_length', async () => {
    await expect(standIn.slashCommand('anything')).rejects.toEqual(refusal('registeredCommand'));
    await expect(standIn.slashCommand('ask', [{ name: 'question', type: text, value: 'ok' }, { name: 'extra', type: text, value: 'x' }])).rejects.toEqual(refusal('registeredCommand'));
    await expect(standIn.slashCommand('ask', [])).rejects.toEqual(refusal('registeredCommand'));
    await expect(standIn.slashCommand('ask', [{ name: 'question', type: ApplicationCommandOptionType.Integer, value: 1 }])).rejects.toEqual(refusal('registeredCommand'));
    await expect(standIn.slashCommand('ask', [{ name: 'question', type: text, value: 'x'.repeat(501) }])).rejects.toEqual(refusal('optionLength'));
    await expect(standIn.autocomplete('remove', [{ name: 'why', type: text, value: 'x', focused: true }])).rejects.toEqual(refusal('registeredCommand'));
    await expect(standIn.autocomplete('remove', [{ name: 'id', type: text, value: 'x', focused: true }])).resolves.toBeDefined();
    const sent = await standIn.slashCommand('ask', [{ name: 'question', type: text, value: 'x'.repeat(500) }]);
    const registered = standIn.requests.find((r) => r.route === 'PUT /applications/:applicationId/commands')!.response as Array<{ id: string; name: string }>;
    expect(sent.payload.data).toMatchObject({ id: registered.find((c) => c.name === 'ask')!.id, name: 'ask' });
    await expect(standIn.slashCommand('anything', [], { relax: ['registeredCommand'] })).resolves.toBeDefined();
  });

  it("honours default_member_permissions: Manage Server for /reindex, admins only for '0'", async () => {
    await expect(standIn.slashCommand('reindex', [], member)).rejects.toEqual(refusal('memberPermissions'));
    await expect(standIn.slashCommand('reindex', [], manager)).resolves.toBeDefined();
    await expect(standIn.slashCommand('reindex', [], { permissions: PermissionFlagsBits.Administrator })).resolves.toBeDefined();
    await expect(standIn.slashCommand('locked', [], manager)).rejects.toEqual(refusal('memberPermissions'));
    await expect(standIn.slashCommand('locked', [], { permissions: PermissionFlagsBits.Administrator })).resolves.toBeDefined();
    await expect(standIn.slashCommand('reindex', [], { ...member, relax: ['memberPermissions'] })).resolves.toBeDefined();
  });

  it('honours contexts: no guild-only or guild-registered command from a DM', async () => {
    await expect(standIn.slashCommand('ask', [{ name: 'question', type: text, value: 'ok' }], { dm: true })).resolves.toBeDefined();
    await expect(standIn.slashCommand('reindex', [], { dm: true })).rejects.toEqual(refusal('commandContexts'));
    await expect(standIn.slashCommand('here', [], { dm: true })).rejects.toEqual(refusal('commandContexts'));
    await expect(standIn.slashCommand('here', [])).resolves.toBeDefined();
    await expect(standIn.slashCommand('reindex', [], { dm: true, relax: ['commandContexts'] })).resolves.toBeDefined();
  });
});

describe("the stand-in refuses the bot's requests that Discord refuses, and records them", () => {
  let standIn: DiscordStandIn;
  let client: Client;
  const nextInteraction = () => once(client, Events.InteractionCreate).then(([i]) => i as Interaction);
  const nextMessage = () => once(client, Events.MessageCreate).then(([m]) => m as Message);
  async function slash(): Promise<ChatInputCommandInteraction> {
    const received = nextInteraction();
    await standIn.slashCommand('ask');
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
    return interaction;
  }

  beforeAll(async () => {
    // A clock that only moves when the test moves it.
    const time = Date.parse('2025-01-01T00:00:00Z');
    standIn = await startDiscordStandIn({ now: () => time });
    client = await connectedClient(standIn);
  });

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it('refuses an embed url over 2,048 characters or not http(s), with 50035', async () => {
    const interaction = await slash();
    await interaction.deferReply();
    const long = `https://example.com/${'a'.repeat(2030)}`;
    await expect(interaction.editReply({ embeds: [{ title: 'T', url: long }] })).rejects.toMatchObject({ code: 50035, rawError: { errors: { embeds: { 0: { url: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } } });
    await expect(interaction.editReply({ embeds: [{ title: 'T', url: 'ftp://example.com/a' }] })).rejects.toMatchObject({ code: 50035 });
    await expect(interaction.editReply({ embeds: [{ title: 'T', image: { url: 'javascript:alert(1)' } }] })).rejects.toMatchObject({ code: 50035 });
    await expect(interaction.editReply({ embeds: [{ title: 'T', url: 'https://example.com/a', thumbnail: { url: 'attachment://a.png' } }] })).resolves.toBeDefined();
    expect(standIn.violations.map((v) => v.rule)).toEqual(['embedUrls', 'embedUrls', 'embedUrls']);
    expect(() => standIn.assertNoViolations()).toThrow(/embedUrls: PATCH \/webhooks\/.*→ 400/u);

    const restore = standIn.relax('embedUrls');
    await expect(interaction.editReply({ embeds: [{ title: 'T', url: long }] })).resolves.toBeDefined();
    restore();
    expect(standIn.relaxedViolations.at(-1)).toMatchObject({ rule: 'embedUrls', side: 'bot', status: 200 });
    await expect(interaction.editReply({ embeds: [{ title: 'T', url: long }] })).rejects.toMatchObject({ code: 50035 });
    standIn.takeViolations();
  });

  it('refuses content over 2,000, a custom_id over 100 and duplicate custom_ids, recording each', async () => {
    const interaction = await slash();
    const row = (...ids: string[]) => ({ type: 1, components: ids.map((id) => ({ type: 2, style: 1, custom_id: id, label: 'B' })) });
    await expect(interaction.reply({ content: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 50035 });
    await expect(interaction.reply({ content: 'ok', components: [row('x'.repeat(101))] as never })).rejects.toMatchObject({ code: 50035 });
    await expect(interaction.reply({ content: 'ok', components: [row('a', 'a')] as never })).rejects.toMatchObject({ code: 50035 });
    await expect(interaction.reply({ content: 'ok', components: [row('a', 'b')] as never })).resolves.toBeDefined();
    expect(standIn.violations.map((v) => v.rule)).toEqual(['messageLimits', 'componentLimits', 'componentLimits']);
    standIn.takeViolations();
  });

  it('answers 10062 to a first response after the 3 s deadline (on the stand-in clock)', async () => {
    const interaction = await slash();
    standIn.clock.advance(3_001);
    await expect(interaction.deferReply()).rejects.toMatchObject({ code: 10062, status: 404 });
    expect(standIn.violations).toEqual([expect.objectContaining({ rule: 'interactionDeadline', side: 'bot', status: 404 })]);
    standIn.takeViolations();

    const onTime = await slash();
    standIn.clock.advance(2_999);
    await expect(onTime.deferReply()).resolves.toBeDefined();

    const late = await slash();
    standIn.clock.advance(10_000);
    const restore = standIn.relax('interactionDeadline');
    await expect(late.deferReply()).resolves.toBeDefined();
    restore();
    standIn.assertNoViolations();
  });

  it('answers 401 50027 to edits and follow-ups once the 15-minute token has expired', async () => {
    const interaction = await slash();
    await interaction.deferReply();
    standIn.clock.advance(15 * 60_000 - 1);
    await expect(interaction.editReply('still in time')).resolves.toBeDefined();
    standIn.clock.advance(2);
    await expect(interaction.editReply('too late')).rejects.toMatchObject({ code: 50027, status: 401 });
    await expect(interaction.followUp('too late')).rejects.toMatchObject({ code: 50027, status: 401 });
    expect(standIn.violations.map((v) => v.rule)).toEqual(['tokenLifetime', 'tokenLifetime']);
    standIn.takeViolations();
    // The bot still works with the bot token: only the interaction's token expired.
    await expect(client.rest.get(Routes.user('@me'))).resolves.toBeDefined();
  });

  it('refuses a reply to a deleted message unless it says fail_if_not_exists: false', async () => {
    const received = nextMessage();
    const sent = await standIn.sendMessage({ content: 'question', mentionsBot: true });
    const question = await received;
    const deleted = once(client, Events.MessageDelete);
    await standIn.deleteMessage(sent.id);
    expect(((await deleted)[0] as Message).id).toBe(sent.id);
    expect(standIn.message(sent.id)).toBeUndefined();

    await expect(question.reply('answer')).rejects.toMatchObject({ code: 50035, rawError: { errors: { message_reference: { _errors: [{ code: 'REPLIES_UNKNOWN_MESSAGE' }] } } } });
    expect(standIn.violations).toEqual([expect.objectContaining({ rule: 'replyToDeleted' })]);
    standIn.takeViolations();
    const plain = await question.reply({ content: 'answer anyway', failIfNotExists: false });
    expect(standIn.message(plain.id)).toMatchObject({ type: 0, content: 'answer anyway' });
    expect(standIn.message(plain.id)?.message_reference).toBeUndefined();

    const restore = standIn.relax('replyToDeleted');
    await expect(question.reply('relaxed')).resolves.toBeDefined();
    restore();
    standIn.assertNoViolations();
  });
});

describe('the stand-in answers 429 the way discord.js expects', () => {
  let standIn: DiscordStandIn;
  let client: Client;
  const typingRoute = 'POST /channels/:channelId/typing';
  const messagesRoute = 'POST /channels/:channelId/messages';

  beforeAll(async () => {
    standIn = await startDiscordStandIn();
    client = await connectedClient(standIn);
  });

  afterEach(() => standIn.assertNoViolations());

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  const channel = () => client.channels.cache.get(standIn.channelId) as TextChannel;

  it('answers 429 with retry_after, Retry-After and X-RateLimit-* headers, and discord.js waits and retries', async () => {
    const limit = standIn.rateLimit(typingRoute, { times: 2, retryAfter: 0.05 });
    const rateLimited = vi.fn();
    client.rest.on('rateLimited', rateLimited);
    await channel().sendTyping();
    client.rest.off('rateLimited', rateLimited);
    const typing = standIn.requests.filter((r) => r.route === typingRoute);
    expect(typing.map((r) => r.status)).toEqual([429, 429, 204]);
    expect(limit).toMatchObject({ hits: 2, passed: 1 });
    expect(typing[0]!.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.05, global: false });
    expect(typing[0]!.responseHeaders).toMatchObject({
      'retry-after': '0.050',
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': '0.050',
      'x-ratelimit-scope': 'user',
      'x-ratelimit-bucket': expect.stringMatching(/^[0-9a-f]{32}$/u),
    });
    expect(rateLimited).toHaveBeenCalledTimes(2);
    expect(rateLimited.mock.calls[0]![0]).toMatchObject({ global: false, scope: 'user', method: 'POST' });
    expect(rateLimited.mock.calls[0]![0].retryAfter).toBeGreaterThanOrEqual(50);
    // The client sees the error nowhere: the typing call simply resolved.
  });

  it('limits only the requests `where` picks, and a global 429 says so', async () => {
    const other = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: standIn.user.id } })) as { id: string };
    standIn.rateLimit(messagesRoute, { where: (r) => r.params.channelId === other.id, global: true, retryAfter: 0.03 });
    await channel().send('not limited');
    const dm = await client.channels.fetch(other.id);
    if (!dm?.isSendable()) throw new Error('expected a DM channel');
    await dm.send('limited once');
    const posts = standIn.requests.filter((r) => r.route === messagesRoute);
    expect(posts.map((r) => [r.params.channelId, r.status])).toEqual([
      [standIn.channelId, 200],
      [other.id, 429],
      [other.id, 200],
    ]);
    expect(posts[1]).toMatchObject({ response: { global: true }, responseHeaders: { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' } });
  });

  it('a bucket of `limit` per window sends X-RateLimit-Remaining, and discord.js paces itself by it', async () => {
    const route = 'PATCH /channels/:channelId/messages/:messageId';
    const message = await channel().send('v0');
    const bucket = standIn.rateLimit(route, { limit: 1, windowMs: 100 });
    for (let i = 1; i <= 4; i++) await message.edit(`v${i}`);
    const edits = standIn.requests.filter((r) => r.route === route);
    expect(edits[0]!.responseHeaders).toMatchObject({ 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-bucket': expect.any(String) });
    expect(bucket.passed).toBe(4);
    // The first answer names the bucket, so discord.js moves to a fresh handler that may run into one 429;
    // from then on it waits for X-RateLimit-Reset-After instead.
    expect(bucket.hits).toBeLessThanOrEqual(1);
    expect(edits.slice(-3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(standIn.message(message.id)?.content).toBe('v4');
  });

  it('records a client that comes back before retry_after is up (rule retryAfter)', async () => {
    standIn.rateLimit(typingRoute, { times: 1, retryAfter: 5 });
    const url = `${standIn.restUrl}/v10/channels/${standIn.channelId}/typing`;
    const post = () => fetch(url, { method: 'POST', headers: { authorization: 'Bot test-token' } });
    expect((await post()).status).toBe(429);
    const again = await post();
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(4);
    expect(standIn.violations).toEqual([expect.objectContaining({ rule: 'retryAfter', side: 'bot', status: 429 })]);
    standIn.takeViolations();
  });

  it('refuses a rate limit on a route it does not have', () => {
    expect(() => standIn.rateLimit('POST /channels/:id/typing')).toThrow(/no route/u);
  });
});

describe('the stand-in serves several guilds, each with its own channels, roles and members', () => {
  const EDITOR = '1300000000000000001';
  const text = ApplicationCommandOptionType.String;
  let standIn: DiscordStandIn;
  let client: Client;
  const nextInteraction = () => once(client, Events.InteractionCreate).then(([i]) => i as Interaction);
  const nextMessage = () => once(client, Events.MessageCreate).then(([m]) => m as Message);
  const has = (permissions: string | undefined, flag: bigint) => (BigInt(permissions ?? 0) & flag) === flag;

  beforeAll(async () => {
    standIn = await startDiscordStandIn({
      guilds: [
        {
          name: 'A',
          roles: [{ name: 'Editors', permissions: PermissionFlagsBits.ManageGuild }],
          members: [{ user: { id: EDITOR, username: 'editor' }, roles: ['Editors'] }],
        },
        {
          name: 'B',
          preferredLocale: 'ar',
          channels: [{ name: 'general' }, { name: 'questions' }, { name: 'kursk', thread: true, parentId: 'questions' }],
          roles: [{ name: 'Readers' }],
        },
        { name: 'C', ownerId: EDITOR },
      ],
    });
    client = await connectedClient(standIn);
  });

  afterEach(() => standIn.assertNoViolations());

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it('logs a client in to all three guilds, each with its own channels, threads and roles', async () => {
    const [a, b, c] = ['A', 'B', 'C'].map((name) => standIn.guild(name));
    expect(client.guilds.cache.map((g) => g.name).sort()).toEqual(['A', 'B', 'C']);
    expect(new Set([a!.id, b!.id, c!.id]).size).toBe(3);
    expect(standIn.guild()).toBe(a);
    expect(standIn.guildId).toBe(a!.id);
    expect(standIn.channelId).toBe(a!.channelId);

    const cachedB = client.guilds.cache.get(b!.id)!;
    expect(cachedB.preferredLocale).toBe('ar');
    const thread = cachedB.channels.cache.get(b!.channel('kursk').id);
    expect(thread?.isThread() && thread.parentId).toBe(b!.channel('questions').id);
    expect(cachedB.channels.cache.has(a!.channelId)).toBe(false);
    expect(client.guilds.cache.get(a!.id)!.roles.cache.get(a!.role('Editors').id)?.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(cachedB.roles.cache.has(a!.role('Editors').id)).toBe(false);
    expect(client.guilds.cache.get(c!.id)!.ownerId).toBe(EDITOR);

    await expect(startDiscordStandIn({ guilds: [{ name: 'X' }, { name: 'X' }] })).rejects.toThrow(/unique guild names/u);
    await expect(startDiscordStandIn({ guilds: [{ name: 'X' }], channels: [{ name: 'general' }] })).rejects.toThrow(/either `guilds`/u);
  });

  it("sends an interaction in B with B's guild id, locale and channel, and the member's roles and permissions there", async () => {
    const b = standIn.guild('B');
    const received = nextInteraction();
    const inB = await standIn.slashCommand('ask', [], { guild: 'B', channel: 'kursk', user: { id: EDITOR } });
    expect(inB.payload).toMatchObject({ guild_id: b.id, guild_locale: 'ar', channel_id: b.channel('kursk').id, member: { roles: [] } });
    expect(has(inB.payload.member?.permissions, PermissionFlagsBits.ManageGuild)).toBe(false);
    const interaction = await received;
    expect(interaction.guildId).toBe(b.id);
    expect(interaction.channel?.isThread()).toBe(true);
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(false);

    const inA = await standIn.slashCommand('ask', [], { guild: 'A', user: { id: EDITOR } });
    expect(inA.payload).toMatchObject({ guild_id: standIn.guild('A').id, channel_id: standIn.guild('A').channelId, member: { roles: [standIn.guild('A').role('Editors').id] } });
    expect(has(inA.payload.member?.permissions, PermissionFlagsBits.ManageGuild)).toBe(true);

    const asOwner = await standIn.slashCommand('ask', [], { guild: 'C', user: { id: EDITOR } });
    expect(has(asOwner.payload.member?.permissions, PermissionFlagsBits.Administrator)).toBe(true);
    // A call can name the member's roles, or its permissions outright, for one dispatch.
    const reader = await standIn.slashCommand('ask', [], { guild: b.id, roles: ['Readers'] });
    expect(reader.payload.member?.roles).toEqual([b.role('Readers').id]);
    const byChannelId = await standIn.autocomplete('ask', [], { channelId: b.channel('questions').id, permissions: PermissionFlagsBits.ManageGuild });
    expect(byChannelId.payload).toMatchObject({ guild_id: b.id, member: { permissions: String(PermissionFlagsBits.ManageGuild) } });

    await expect(standIn.slashCommand('ask', [], { guild: 'B', channel: standIn.guild('A').channelId })).rejects.toThrow(/no guild channel .* in guild B/u);
    await expect(standIn.slashCommand('ask', [], { guild: 'B', roles: ['Editors'] })).rejects.toThrow(/Guild B has no role Editors/u);
    await expect(standIn.slashCommand('ask', [], { guild: 'Z' })).rejects.toThrow(/no guild Z/u);
  });

  it("clicks where the clicked message is, and refuses a click on A's message said to be in B", async () => {
    const a = standIn.guild('A');
    const posted = (await client.rest.post(Routes.channelMessages(a.channelId), {
      body: { content: 'pick', components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'pick', label: 'Pick' }] }] },
    })) as { id: string };
    const received = nextInteraction();
    const click = await standIn.button('pick', { messageId: posted.id });
    expect(click.payload).toMatchObject({ guild_id: a.id, channel_id: a.channelId });
    expect((await received).guildId).toBe(a.id);

    await expect(standIn.button('pick', { messageId: posted.id, guild: 'B' })).rejects.toEqual(refusal('componentOnMessage'));
    await expect(standIn.button('pick', { messageId: posted.id, dm: true })).rejects.toEqual(refusal('componentOnMessage'));
    const forged = await standIn.button('pick', { messageId: posted.id, guild: 'B', relax: ['componentOnMessage'] });
    expect(forged.payload.guild_id).toBe(standIn.guild('B').id);
    expect(standIn.relaxedViolations.at(-1)).toMatchObject({ rule: 'componentOnMessage', message: expect.stringMatching(/of guild A, .* of guild B/u) });

    const inB = await standIn.button('fresh', { guild: 'B', channel: 'questions' });
    const message = (inB.payload as { message: { channel_id: string } }).message;
    expect(message.channel_id).toBe(standIn.guild('B').channel('questions').id);
  });

  it('delivers messages in the guild and channel they name, and a DM carries no guild', async () => {
    const b = standIn.guild('B');
    const inThread = nextMessage();
    await standIn.sendMessage({ guild: 'B', channel: 'kursk', content: 'in the thread', mentionsBot: true, author: { id: EDITOR } });
    const message = await inThread;
    expect(message.guildId).toBe(b.id);
    expect(message.channelId).toBe(b.channel('kursk').id);
    expect(message.member?.roles.cache.map((r) => r.name)).toEqual(['@everyone']);
    await message.reply('answered in B');
    const reply = await standIn.waitForRequest((r) => r.body?.content === 'answered in B');
    expect(reply).toMatchObject({ status: 200, params: { channelId: b.channel('kursk').id }, response: { message_reference: { guild_id: b.id } } });

    const inA = nextMessage();
    await standIn.sendMessage({ guild: 'A', content: 'in A', mentionsBot: true, author: { id: EDITOR } });
    expect((await inA).member?.roles.cache.map((r) => r.name).sort()).toEqual(['@everyone', 'Editors']);

    const dmReceived = nextInteraction();
    const dm = await standIn.slashCommand('ask', [], { dm: true });
    expect(dm.payload.guild_id).toBeUndefined();
    expect(dm.payload.member).toBeUndefined();
    expect(dm.payload.user?.id).toBe(standIn.user.id);
    const interaction = await dmReceived;
    expect(interaction.guildId).toBeNull();
    expect(interaction.inGuild()).toBe(false);
    const dmMessage = nextMessage();
    await standIn.sendMessage({ content: 'hello privately', dm: true });
    expect((await dmMessage).guild).toBeNull();
    await expect(standIn.sendMessage({ content: 'where?', dm: true, guild: 'B' })).rejects.toThrow(/A DM is in no guild/u);
  });

  it("offers a guild's commands in that guild only, global ones everywhere, and checks permissions per guild", async () => {
    const [a, b] = [standIn.guild('A'), standIn.guild('B')];
    await client.rest.put(Routes.applicationCommands(standIn.applicationId), {
      body: [
        { name: 'ask', description: 'Ask', contexts: [0, 1], options: [{ type: text, name: 'question', description: 'q' }] },
        { name: 'reindex', description: 'Reindex', default_member_permissions: String(PermissionFlagsBits.ManageGuild), contexts: [0] },
      ],
    });
    await client.rest.put(Routes.applicationGuildCommands(standIn.applicationId, a.id), { body: [{ name: 'here', description: 'A only' }] });

    const inA = await standIn.slashCommand('here', [], { guild: 'A' });
    expect(inA.payload.data).toMatchObject({ name: 'here', guild_id: a.id });
    await expect(standIn.slashCommand('here', [], { guild: 'B' })).rejects.toEqual(refusal('registeredCommand'));
    await expect(standIn.slashCommand('here', [], { dm: true })).rejects.toEqual(refusal('commandContexts'));
    await expect(standIn.slashCommand('ask', [], { guild: 'B' })).resolves.toBeDefined();
    await expect(standIn.slashCommand('ask', [], { guild: 'C' })).resolves.toBeDefined();

    await expect(standIn.slashCommand('reindex', [], { guild: 'A', user: { id: EDITOR } })).resolves.toBeDefined();
    await expect(standIn.slashCommand('reindex', [], { guild: 'B', user: { id: EDITOR } })).rejects.toEqual(refusal('memberPermissions'));
    await expect(standIn.slashCommand('reindex', [], { guild: 'C', user: { id: EDITOR } })).resolves.toBeDefined();
    await expect(standIn.slashCommand('reindex', [], { guild: 'A' })).rejects.toEqual(refusal('memberPermissions'));

    // B registering its own /here makes it a command of its own, with its own id.
    await client.rest.put(Routes.applicationGuildCommands(standIn.applicationId, b.id), { body: [{ name: 'here', description: 'B too' }] });
    const inB = await standIn.slashCommand('here', [], { guild: 'B' });
    expect(inB.payload.data).toMatchObject({ name: 'here', guild_id: b.id });
    expect((inB.payload.data as { id: string }).id).not.toBe((inA.payload.data as { id: string }).id);
    await expect(client.rest.put(Routes.applicationGuildCommands(standIn.applicationId, '1999999999999999999'), { body: [] })).rejects.toMatchObject({ status: 403, code: 50001 });
  });

  it('tells the client with GUILD_DELETE when the bot leaves a guild, refuses what happens there, and GUILD_CREATE when it joins one', async () => {
    const c = standIn.guild('C');
    const deleted = once(client, Events.GuildDelete);
    standIn.removeGuild('C');
    expect(((await deleted)[0] as { id: string }).id).toBe(c.id);
    expect(client.guilds.cache.has(c.id)).toBe(false);
    expect(c.joined).toBe(false);
    expect(standIn.guilds.map((g) => g.name)).toEqual(['A', 'B']);

    await expect(standIn.slashCommand('ask', [], { guild: 'C' })).rejects.toEqual(refusal('botInGuild'));
    await expect(standIn.sendMessage({ guild: 'C', content: 'anyone?', mentionsBot: true })).rejects.toEqual(refusal('botInGuild'));
    await expect(client.rest.post(Routes.channelMessages(c.channelId), { body: { content: 'still here?' } })).rejects.toMatchObject({ status: 403, code: 50001 });
    await expect(client.rest.put(Routes.applicationGuildCommands(standIn.applicationId, c.id), { body: [] })).rejects.toMatchObject({ status: 403 });
    expect(() => standIn.removeGuild('C')).toThrow(/left guild C already/u);

    const created = once(client, Events.GuildCreate);
    const d = standIn.addGuild({ name: 'D', channels: [{ name: 'news' }] });
    expect(((await created)[0] as { id: string }).id).toBe(d.id);
    expect(client.guilds.cache.get(d.id)?.channels.cache.get(d.channelId)?.name).toBe('news');
    const received = nextInteraction();
    await standIn.slashCommand('ask', [], { guild: 'D' });
    expect((await received).guildId).toBe(d.id);

    const rejoined = once(client, Events.GuildCreate);
    expect(standIn.addGuild({ name: 'C' }).id).toBe(c.id);
    await rejoined;
    expect(client.guilds.cache.has(c.id)).toBe(true);
    expect(standIn.guilds.map((g) => g.name)).toEqual(['A', 'B', 'C', 'D']);
    await expect(standIn.slashCommand('ask', [], { guild: 'C' })).resolves.toBeDefined();
  });
});

describe('the stand-in shards as Discord does', () => {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  let standIn: DiscordStandIn;
  let shards: Client[];
  const ids = { A: guildIdOnShard(0, 2), B: guildIdOnShard(1, 2), C: guildIdOnShard(0, 2, 1) };

  async function shardClient(options: { shards: number[] | 'auto'; shardCount?: number }): Promise<Client> {
    const client = new Client({ intents, partials: [Partials.Channel], ...options, ...standIn.clientOptions() });
    const ready = once(client, Events.ClientReady);
    await client.login('test-token');
    await ready;
    return client;
  }

  /** Which of the clients get the next InteractionCreate (or MessageCreate) within a moment after `act`. */
  async function receivers(event: Events.InteractionCreate | Events.MessageCreate, act: () => Promise<unknown>): Promise<number[]> {
    const got: number[] = [];
    const listeners = shards.map((client, index) => {
      const listener = () => got.push(index);
      client.on(event, listener);
      return listener;
    });
    try {
      await act();
      await vi.waitFor(() => expect(got.length).toBeGreaterThan(0), { timeout: 2_000, interval: 5 });
      // Long enough for a wrongly routed copy to the other shard to arrive too.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return got;
    } finally {
      shards.forEach((client, index) => client.off(event, listeners[index]!));
    }
  }

  beforeAll(async () => {
    standIn = await startDiscordStandIn({
      guilds: Object.entries(ids).map(([name, id]) => ({ name, id })),
      recommendedShards: 2,
      maxConcurrency: 2,
    });
    shards = [await shardClient({ shards: [0], shardCount: 2 }), await shardClient({ shards: [1], shardCount: 2 })];
  });

  afterEach(() => standIn.assertNoViolations());

  afterAll(async () => {
    await Promise.all((shards ?? []).map((client) => client.destroy()));
    await standIn?.close();
  });

  it('routes guild ids to shards by (id >> 22) % count', () => {
    expect([shardOfGuild(ids.A, 2), shardOfGuild(ids.B, 2), shardOfGuild(ids.C, 2)]).toEqual([0, 1, 0]);
    expect(shardOfGuild(guildIdOnShard(2, 3, 5), 3)).toBe(2);
    expect(guildIdOnShard(0, 1)).toMatch(/^\d{19}$/u);
  });

  it('gives each shard READY and GUILD_CREATE for its own guilds only', () => {
    const identifies = standIn.gatewayPayloads.filter((p) => p.op === GatewayOpcodes.Identify).map((p) => (p.d as { shard?: number[] }).shard);
    expect(identifies).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(shards[0]!.guilds.cache.map((g) => g.name).sort()).toEqual(['A', 'C']);
    expect(shards[1]!.guilds.cache.map((g) => g.name)).toEqual(['B']);
    expect(shards.map((client) => client.ws.shards.map((shard) => shard.id))).toEqual([[0], [1]]);
  });

  it("sends an interaction in a guild to that guild's shard, and its reply goes through", async () => {
    let interaction: Interaction | undefined;
    shards[1]!.once(Events.InteractionCreate, (received) => (interaction = received));
    expect(await receivers(Events.InteractionCreate, () => standIn.slashCommand('ask', [], { guild: 'B' }))).toEqual([1]);
    if (!interaction?.isChatInputCommand()) throw new Error('expected a slash command on shard 1');
    expect(interaction.guildId).toBe(ids.B);
    await interaction.reply('from shard 1');
    expect(await receivers(Events.InteractionCreate, () => standIn.slashCommand('ask', [], { guild: 'C' }))).toEqual([0]);
  });

  it('sends messages to the shard of their guild, and DMs to shard 0', async () => {
    expect(await receivers(Events.MessageCreate, () => standIn.sendMessage({ guild: 'A', content: 'in A', mentionsBot: true }))).toEqual([0]);
    expect(await receivers(Events.MessageCreate, () => standIn.sendMessage({ guild: 'B', content: 'in B', mentionsBot: true }))).toEqual([1]);
    expect(await receivers(Events.MessageCreate, () => standIn.sendMessage({ dm: true, content: 'in private' }))).toEqual([0]);
    expect(await receivers(Events.InteractionCreate, () => standIn.slashCommand('ask', [], { dm: true }))).toEqual([0]);
  });

  it('sends GUILD_CREATE for a guild the bot joins to its shard only', async () => {
    const created = once(shards[1]!, Events.GuildCreate);
    const d = standIn.addGuild({ name: 'D', id: guildIdOnShard(1, 2, 1) });
    expect(((await created)[0] as { id: string }).id).toBe(d.id);
    expect(shards[0]!.guilds.cache.has(d.id)).toBe(false);
    const deleted = once(shards[1]!, Events.GuildDelete);
    standIn.removeGuild('D');
    await deleted;
  });

  it("recommends its shard count in GET /gateway/bot with max_concurrency, which a client's shards: 'auto' follows", async () => {
    const gateway = (await shards[0]!.rest.get(Routes.gatewayBot())) as { shards: number; session_start_limit: { max_concurrency: number } };
    expect(gateway).toMatchObject({ shards: 2, session_start_limit: { max_concurrency: 2 } });
    const started = Date.now();
    const auto = await shardClient({ shards: 'auto' });
    try {
      expect([...auto.ws.shards.keys()].sort()).toEqual([0, 1]);
      expect(auto.guilds.cache.map((g) => g.name).sort()).toEqual(['A', 'B', 'C']);
      // max_concurrency 2: both shards identify at once, without discord.js's 5 s pause between them.
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await auto.destroy();
    }
  });

  it('closes an IDENTIFY with a shard outside 0..count-1 with 4010 (Invalid shard)', async () => {
    const socket = new WebSocket(`${standIn.gatewayUrl}?v=10&encoding=json`);
    socket.once('message', () => socket.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: 'test-token', intents: 1, properties: {}, shard: [2, 2] } })));
    const [code] = (await once(socket, 'close')) as [number];
    expect(code).toBe(4010);
  });

  it('waits for the shard of the guild, and says which when none logs in', async () => {
    const lonely = await startDiscordStandIn({ guilds: [{ name: 'A', id: guildIdOnShard(0, 2) }, { name: 'B', id: guildIdOnShard(1, 2) }] });
    const client = new Client({ intents, shards: [0], shardCount: 2, ...lonely.clientOptions() });
    try {
      const ready = once(client, Events.ClientReady);
      await client.login('test-token');
      await ready;
      await expect(lonely.slashCommand('ask', [], { guild: 'B' })).rejects.toThrow(/client on the shard of guild \d+ identified .*identified shards: \[0, 2\]/u);
    } finally {
      await client.destroy();
      await lonely.close();
    }
  });
});
