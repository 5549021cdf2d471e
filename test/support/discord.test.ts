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
} from 'discord.js';
import type { Interaction, Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDiscordStandIn } from './discord/index.ts';
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
