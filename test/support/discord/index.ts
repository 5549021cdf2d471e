import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, MessageType } from 'discord.js';
import type { APIAttachment, APIInteraction, APIMessage, APIUser, ClientOptions, GatewaySendPayload } from 'discord.js';
import { Gateway } from './gateway.ts';
import type { DispatchRoute, GatewaySession } from './gateway.ts';
import { headersOf, readBody } from './http.ts';
import type { RecordedRequest, RouteResponse } from './http.ts';
import type { GuildOptions, StandInGuild } from './guild.ts';
import { checkIncomingMessage, checkInteraction } from './incoming.ts';
import { autocompletePayload, buttonPayload, chatInputPayload, registerInteraction } from './interactions.ts';
import type { CommandOption, InteractionContext } from './interactions.ts';
import { placeOf } from './places.ts';
import type { PlaceOptions } from './places.ts';
import { RateLimits } from './ratelimits.ts';
import type { RateLimit, RateLimitOptions } from './ratelimits.ts';
import { createRestRouter } from './rest.ts';
import { RequestRules } from './rules.ts';
import type { StandInRule, Violation } from './rules.ts';
import { World } from './world.ts';
import type { AttachmentInput, StandInClock, StandInOptions } from './world.ts';

export type { GuildOptions, StandInGuild } from './guild.ts';
export type { RecordedRequest } from './http.ts';
export type { CommandOption, InteractionContext } from './interactions.ts';
export type { RateLimit, RateLimitOptions } from './ratelimits.ts';
export type { StandInRule, Violation } from './rules.ts';
export type { AttachmentInput, StandInClock, StandInOptions } from './world.ts';
export { shardOfGuild } from './gateway.ts';

/**
 * A guild id (a snowflake) that Discord routes to shard `shard` of `count`: `(id >> 22) % count === shard`.
 * `nth` gives further ones on the same shard.
 */
export function guildIdOnShard(shard: number, count: number, nth = 0): string {
  if (!Number.isInteger(shard) || !Number.isInteger(count) || shard < 0 || shard >= count) throw new Error(`No shard ${shard} of ${count}`);
  // Milliseconds since the Discord epoch (2015) in the top bits, as in a real snowflake: about 2024.
  const timestamp = 280_000_000_000n - (280_000_000_000n % BigInt(count)) + BigInt(nth) * BigInt(count) + BigInt(shard);
  return String(timestamp << 22n);
}

/**
 * A local stand-in for Discord (REST + gateway on 127.0.0.1) that a real discord.js Client logs in to:
 *
 *   const discord = await startDiscordStandIn();
 *   const client = new Client({ intents, partials: [Partials.Channel], ...discord.clientOptions() });
 *   await client.login('test-token'); // discord.js queues events that arrive before ClientReady
 *   const sent = await discord.slashCommand('ask', [{ name: 'question', type: 3, value: 'Why?' }]);
 *   const edit = await discord.waitForRequest((r) => r.params.token === sent.token && r.method === 'PATCH');
 *   await client.destroy();
 *   await discord.close();
 *
 * It keeps to Discord's rules (rules.ts): it refuses to send the bot what Discord never would (a
 * StandInRefusal), and answers a bot request that breaks one with Discord's error, recording it in
 * `violations` (assert `discord.assertNoViolations()` after each test). `relax` bypasses a rule on purpose.
 *
 * Several guilds (guild.ts), each with its own channels (threads too), roles and members; the bot gets a
 * GUILD_CREATE for each at login. A guild's name is its handle in tests, so names are unique:
 *
 *   const discord = await startDiscordStandIn({
 *     guilds: [
 *       { name: 'A', roles: [{ name: 'Editors', permissions: PermissionFlagsBits.ManageGuild }], members: [{ user: { id: EDITOR }, roles: ['Editors'] }] },
 *       { name: 'B', preferredLocale: 'ar', channels: [{ name: 'general' }, { name: 'questions' }, { name: 'kursk', thread: true, parentId: 'questions' }] },
 *     ],
 *   });
 *   discord.guild('B')            // { id, name, channelId (its first text channel), channels, roles, joined, channel(ref), role(ref) }
 *   await discord.slashCommand('reindex', [], { guild: 'A', user: { id: EDITOR } }); // member.roles [Editors' id], Manage Server
 *   await discord.slashCommand('ask', options, { guild: 'B', channel: 'kursk', user: { id: EDITOR } }); // no role, no Manage Server
 *   await discord.sendMessage({ guild: 'B', channel: 'questions', content: 'hi', mentionsBot: true });
 *   await discord.button(customId, { messageId }); // happens where the message is; a click said to be elsewhere is refused
 *   discord.removeGuild('B');     // GUILD_DELETE; B's interactions and messages are then refused (rule botInGuild)
 *   discord.addGuild({ name: 'C' }); // GUILD_CREATE
 *
 * Every dispatch takes `guild` (id or name), `channel` (id or name; `channelId` too) or `dm: true`; with none
 * it happens in the default guild's first channel, and a channel id alone brings its guild. Without `guilds`,
 * the options `guild` and `channels` describe the one (default) guild as they always have. A
 * member's `roles` and `permissions` are those of the guild the call happens in: the roles the guild gave
 * it unless the call names some, and the permissions those roles give (all of them to the owner and to
 * administrators) unless the call names those. Commands registered for a guild are offered only there.
 *
 * Sharded clients (gateway.ts): a client that logs in with `shards: [id], shardCount: count` IDENTIFYs with
 * `shard: [id, count]` and gets the guilds Discord would give that shard, `(guild_id >> 22) % count === id`, and
 * their events; DMs go to shard 0. `guildIdOnShard(shard, count)` makes guild ids for a test, `shardOfGuild` says
 * where one goes; GET /gateway/bot recommends `recommendedShards` (1 by default, what `shards: 'auto'` spawns)
 * with `maxConcurrency` identifies at once (1). An interaction or a message waits for the client of its shard.
 *
 *   const discord = await startDiscordStandIn({ guilds: [{ name: 'A', id: guildIdOnShard(0, 2) }, { name: 'B', id: guildIdOnShard(1, 2) }] });
 *   const shard1 = new Client({ intents, shards: [1], shardCount: 2, ...discord.clientOptions() }); // sees B only
 */

export interface SentInteraction {
  id: string;
  token: string;
  payload: APIInteraction;
}

/** A message from a human: in the default guild's first channel unless `guild`, `channel`/`channelId` or `dm` say otherwise. */
export interface IncomingMessageOptions extends PlaceOptions {
  content: string;
  /** Puts the bot in `mentions` and prefixes `<@bot>` to the content unless it is already there. */
  mentionsBot?: boolean;
  author?: Partial<APIUser>;
  /** Id of a message the new one replies to (one the bot posted, or an earlier `sendMessage`). */
  replyTo?: string;
  attachments?: Array<AttachmentInput | APIAttachment>;
  /** Rules to bypass for this one message, to send what Discord would not (see rules.ts). */
  relax?: StandInRule[];
}

export interface DiscordStandIn {
  /** Base of everything the stand-in serves, e.g. `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  /** The value for the client's `rest.api`. */
  readonly restUrl: string;
  readonly gatewayUrl: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** The default human behind interactions and messages. */
  readonly user: APIUser;
  /** The default guild: the first one, where calls that name no guild happen. */
  readonly guildId: string;
  /** The default guild's first text channel. */
  readonly channelId: string;
  /** A guild by id or name (the default guild without one), joined or left; throws when there is none. */
  guild(ref?: string): StandInGuild;
  /** The guilds the bot is in now, in the order it joined them. */
  readonly guilds: readonly StandInGuild[];
  /** The bot joins a guild (or one it left, named by id or name, again): GUILD_CREATE to each client with the Guilds intent. */
  addGuild(options?: GuildOptions): StandInGuild;
  /**
   * The bot leaves a guild (is kicked, say): GUILD_DELETE to each client with the Guilds intent. From then on
   * its interactions and messages are refused (rule botInGuild) and its channels answer 403 Missing Access.
   */
  removeGuild(ref: string): void;
  /** Every REST call, in order, including ones to unknown routes (`route: null`, answered 404). */
  readonly requests: readonly RecordedRequest[];
  /** Every payload clients sent over the gateway, in order. */
  readonly gatewayPayloads: readonly GatewaySendPayload[];
  /** Bot requests that broke a rule and were refused with Discord's error, in order. */
  readonly violations: readonly Violation[];
  /** What broke a relaxed rule and went through anyway (bot requests and test payloads). */
  readonly relaxedViolations: readonly Violation[];
  /** Throws, listing them, when bot requests broke a rule, and forgets them so the next test starts clean: for afterEach. */
  assertNoViolations(): void;
  /** The violations recorded so far, forgotten once returned (for a test that breaks a rule on purpose). */
  takeViolations(): Violation[];
  /** Bypasses rules until the returned function is called (or for good). */
  relax(...rules: StandInRule[]): () => void;
  /** The stand-in's time: `advance(ms)` to get past the interaction deadline or a token's lifetime without waiting. */
  readonly clock: StandInClock;
  /**
   * Answers 429 on a route (as recorded, e.g. `POST /channels/:channelId/typing`,
   * `POST /channels/:channelId/messages`, `PATCH /webhooks/:applicationId/:token/messages/:messageId`,
   * `POST /interactions/:interactionId/:token/callback`): `times` requests in a row (1 by default), or a
   * bucket of `limit` per `windowMs`; retry_after 0.05 s unless told.
   */
  rateLimit(route: string, options?: RateLimitOptions): RateLimit;
  /** Deletes a message as its author would, dispatching MESSAGE_DELETE; throws when there is no such message. */
  deleteMessage(id: string): Promise<void>;
  /** REST settings to spread into `new Client({...})`; the gateway URL then comes from GET /gateway/bot. */
  clientOptions(): Pick<ClientOptions, 'rest'>;
  /** The first request, recorded already or later, that matches; rejects after `timeoutMs` (2 s by default). */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** The callback and webhook calls the bot made for one interaction. */
  requestsFor(interaction: { id: string; token: string }): RecordedRequest[];
  /** The interaction's @original message as it stands now (after every edit), if there is one. */
  originalResponse(interaction: { id: string }): APIMessage | undefined;
  /** A message as the stand-in holds it (posted by the bot or sent with `sendMessage`). */
  message(id: string): APIMessage | undefined;
  /**
   * Serves bytes at a 127.0.0.1 URL and returns them as a Discord attachment object. `size` makes it claim
   * another size; sending that needs the attachmentSizeMatches rule relaxed.
   */
  hostFile(filename: string, data: Buffer | Uint8Array | string, contentType?: string, options?: { size?: number }): APIAttachment;
  /** Dispatches INTERACTION_CREATE: a default slash command, shallowly overridden by `overrides`. */
  sendInteraction(overrides?: Partial<APIInteraction>, ctx?: InteractionContext): Promise<SentInteraction>;
  slashCommand(name: string, options?: CommandOption[], ctx?: InteractionContext): Promise<SentInteraction>;
  /** Mark the option being typed with `focused: true`. */
  autocomplete(name: string, options: CommandOption[], ctx?: InteractionContext): Promise<SentInteraction>;
  button(customId: string, ctx?: InteractionContext & { messageId?: string }): Promise<SentInteraction>;
  /**
   * Dispatches MESSAGE_CREATE the way Discord would for each client: only with the GuildMessages or
   * DirectMessages intent, and with content blanked in guilds unless the client has MessageContent or the
   * message mentions the bot. Throws when no client would receive it.
   */
  sendMessage(options: IncomingMessageOptions): Promise<{ id: string; channelId: string }>;
  /** Closes every gateway connection with `code` (4000 by default, after which discord.js resumes). */
  dropConnections(code?: number): void;
  /**
   * Dispatches any event as is to every identified client (only to the shard of its guild when `data` has a
   * `guild_id`); returns how many got it.
   */
  dispatch(event: GatewayDispatchEvents, data: unknown): Promise<number>;
  /** Destroy the clients first: this ends the server and any connection still open. Idempotent. */
  close(): Promise<void>;
}

const sessionWaitMs = 2_000;

export async function startDiscordStandIn(options: StandInOptions = {}): Promise<DiscordStandIn> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const restUrl = `${baseUrl}/api`;
  const gatewayUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/gateway`;

  let world: World;
  try {
    world = new World(options, baseUrl);
  } catch (error) {
    server.close();
    throw error;
  }
  const router = createRestRouter(world, gatewayUrl);
  const rateLimits = new RateLimits((route) => router.has(route));
  const gateway = new Gateway(world, gatewayUrl);
  const requests: RecordedRequest[] = [];
  const recorded = new EventEmitter();
  let closing: Promise<void> | undefined;

  const authorized = (header: string | undefined) => {
    const token = /^Bot (.+)$/.exec(header ?? '')?.[1];
    return token !== undefined && (world.token === undefined || token === world.token);
  };

  async function handleRest(req: IncomingMessage, url: URL): Promise<RouteResponse> {
    const method = req.method ?? 'GET';
    const versioned = /^\/api\/v10(\/.*)$/.exec(url.pathname);
    const path = decodeURIComponent(versioned?.[1] ?? url.pathname);
    const headers = headersOf(req);
    const rules = new RequestRules(world.rules);
    const record = (response: RouteResponse, fields: Partial<RecordedRequest> = {}) => {
      const entry: RecordedRequest = {
        method,
        path,
        route: null,
        params: {},
        query: url.searchParams,
        headers,
        body: null,
        files: [],
        status: response.status,
        response: response.body,
        responseHeaders: response.headers ?? {},
        violations: rules.broken,
        relaxed: rules.relaxed,
        ...fields,
      };
      const request = `${method} ${path}`;
      for (const note of rules.broken) world.rules.violations.push({ ...note, side: 'bot', request, status: response.status });
      for (const note of rules.relaxed) world.rules.relaxedViolations.push({ ...note, side: 'bot', request, status: response.status });
      requests.push(entry);
      recorded.emit('request', entry);
      return response;
    };
    let parsed: Awaited<ReturnType<typeof readBody>>;
    try {
      parsed = await readBody(req);
    } catch {
      return record({ status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } });
    }
    const match = versioned ? router.match(method, path) : null;
    if (!match) return record({ status: 404, body: { message: 'Unknown route', code: 0 } }, parsed);
    // Interaction callbacks and interaction webhooks are authorised by their token, not the bot's.
    const needsAuth = !/^\/(interactions|webhooks)\//.test(path);
    let response: RouteResponse;
    try {
      if (needsAuth && !authorized(headers.authorization)) {
        response = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      } else {
        const { limited, headers: limitHeaders } = rateLimits.check({ method, path, route: match.route, params: match.params }, rules, needsAuth);
        response = limited ?? match.handler({ params: match.params, query: url.searchParams, headers, ...parsed, rules });
        if (!limited && Object.keys(limitHeaders).length) response = { ...response, headers: { ...limitHeaders, ...response.headers } };
      }
    } catch (error) {
      response = { status: 500, body: { message: `Discord stand-in failed: ${String(error)}`, code: 0 } };
    }
    return record(response, { route: match.route, params: match.params, ...parsed });
  }

  function serveFile(res: ServerResponse, url: URL): void {
    const file = world.files.get(url.pathname.split('/')[2] ?? '');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length }).end(file.data);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    if (url.pathname.startsWith('/files/')) return serveFile(res, url);
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    void handleRest(req, url).then(({ status, body, headers = {} }) => {
      if (body === undefined) res.writeHead(status, headers).end();
      else res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    if (new URL(req.url ?? '/', baseUrl).pathname === '/gateway') gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });

  async function dispatchInteraction(payload: APIInteraction, relax: readonly StandInRule[] = []): Promise<SentInteraction> {
    const route = payload.guild_id ?? null;
    await gateway.sessions(sessionWaitMs, route);
    checkInteraction(world, payload, relax);
    registerInteraction(world, payload);
    gateway.dispatch(GatewayDispatchEvents.InteractionCreate, () => payload, route);
    return { id: payload.id, token: payload.token, payload };
  }

  async function sendMessage(opts: IncomingMessageOptions): Promise<{ id: string; channelId: string }> {
    const author = world.someUser(opts.author);
    const { guild, channel } = placeOf(world, opts, author);
    const route = guild?.id ?? null;
    const sessions = await gateway.sessions(sessionWaitMs, route);
    const channelId = channel.id;
    const referenced = opts.replyTo ? world.messages.get(opts.replyTo) : undefined;
    if (opts.replyTo && !referenced) throw new Error(`The stand-in has no message ${opts.replyTo}`);
    const botMention = `<@${world.botUser.id}>`;
    const content = opts.mentionsBot && !opts.content.includes(botMention) ? `${botMention} ${opts.content}` : opts.content;
    const attachments = (opts.attachments ?? []).map((a) => ('url' in a ? a : world.hostFile(a.filename, a.data, a.contentType, a.size)));
    checkIncomingMessage(world, { guildId: guild?.id, content, author, attachments }, opts.relax);
    const mentions = opts.mentionsBot ? [guild ? { ...world.botUser, member: guild.partialMember(world.botUser) } : world.botUser] : [];
    const message = world.message({
      channelId,
      author,
      type: referenced ? MessageType.Reply : MessageType.Default,
      fields: {
        content,
        attachments,
      },
      extra: {
        mentions,
        ...(referenced ? world.replyTo(referenced) : {}),
      },
    });
    const dispatched = { ...message, channel_type: channel.type, ...(guild ? { guild_id: guild.id, member: guild.partialMember(author) } : {}) };
    const intent = guild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    const contentVisible = (session: GatewaySession) =>
      !guild || opts.mentionsBot || author.id === world.botUser.id || (session.intents & GatewayIntentBits.MessageContent) !== 0;
    const delivered = gateway.dispatch(
      GatewayDispatchEvents.MessageCreate,
      (session) => {
        if (!(session.intents & intent)) return null;
        return contentVisible(session) ? dispatched : { ...dispatched, content: '', embeds: [], attachments: [], components: [] };
      },
      route,
    );
    if (delivered === 0) {
      const where = guild ? `on the shard of guild ${guild.name}` : 'on shard 0 (DMs)';
      throw new Error(`MESSAGE_CREATE not delivered: none of ${sessions.length} client(s) ${where} identified with the ${GatewayIntentBits[intent]} intent`);
    }
    return { id: message.id, channelId };
  }

  return {
    baseUrl,
    restUrl,
    gatewayUrl,
    applicationId: world.applicationId,
    botUser: world.botUser,
    user: world.user,
    guildId: world.defaultGuild.id,
    channelId: world.defaultChannelId,
    guild: (ref) => (ref === undefined ? world.defaultGuild : world.guild(ref)),
    get guilds() {
      return world.joinedGuilds;
    },
    addGuild(guildOptions = {}) {
      const guild = world.addGuild(guildOptions);
      gateway.dispatch(GatewayDispatchEvents.GuildCreate, (session) => (session.intents & GatewayIntentBits.Guilds ? guild.guildCreate() : null), guild.id);
      return guild;
    },
    removeGuild(ref) {
      const guild = world.leaveGuild(ref);
      gateway.dispatch(GatewayDispatchEvents.GuildDelete, (session) => (session.intents & GatewayIntentBits.Guilds ? { id: guild.id } : null), guild.id);
    },
    requests,
    gatewayPayloads: gateway.received,
    violations: world.rules.violations,
    relaxedViolations: world.rules.relaxedViolations,
    takeViolations: () => world.rules.violations.splice(0),
    assertNoViolations() {
      const violations = world.rules.violations.splice(0);
      if (violations.length === 0) return;
      const list = violations.map((v) => `${v.rule}: ${v.request} → ${v.status}: ${v.message}`).join('\n  ');
      throw new Error(`The bot broke ${violations.length} Discord rule(s) (relax one on purpose with standIn.relax):\n  ${list}`);
    },
    relax: (...rules) => world.rules.relax(rules),
    clock: world.clock,
    rateLimit: (route, limitOptions) => rateLimits.add(route, limitOptions),
    async deleteMessage(id) {
      const message = world.messages.get(id);
      if (!message) throw new Error(`The stand-in has no message ${id}`);
      world.messages.delete(id);
      const guild = world.guildOfChannel(message.channel_id);
      const route = guild?.id ?? null;
      await gateway.sessions(sessionWaitMs, route);
      const intent = guild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
      gateway.dispatch(
        GatewayDispatchEvents.MessageDelete,
        (session) => (session.intents & intent ? { id, channel_id: message.channel_id, ...(guild ? { guild_id: guild.id } : {}) } : null),
        route,
      );
    },
    clientOptions: () => ({ rest: { api: restUrl, cdn: `${baseUrl}/cdn`, mediaProxy: `${baseUrl}/media`, version: '10' } }),
    waitForRequest(predicate, timeoutMs = 2_000) {
      const found = requests.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onRequest = (request: RecordedRequest) => {
          if (!predicate(request)) return;
          clearTimeout(timer);
          recorded.off('request', onRequest);
          resolve(request);
        };
        const timer = setTimeout(() => {
          recorded.off('request', onRequest);
          const seen = requests.map((r) => `${r.method} ${r.path} → ${r.status}`).join('\n  ') || '(none)';
          reject(new Error(`No matching REST request within ${timeoutMs} ms. Recorded:\n  ${seen}`));
        }, timeoutMs);
        recorded.on('request', onRequest);
      });
    },
    requestsFor: ({ id, token }) =>
      requests.filter((r) => r.params.token === token || r.params.interactionId === id),
    originalResponse({ id }) {
      const messageId = world.interactions.get(id)?.originalMessageId;
      return messageId ? world.messages.get(messageId) : undefined;
    },
    message: (id) => world.messages.get(id),
    hostFile: (filename, data, contentType, fileOptions = {}) => world.hostFile(filename, data, contentType, fileOptions.size),
    // Async, so that a payload the stand-in cannot build rejects like every other refusal.
    sendInteraction: async (overrides = {}, ctx = {}) =>
      dispatchInteraction({ ...chatInputPayload(world, 'command', [], ctx), ...overrides } as APIInteraction, ctx.relax),
    slashCommand: async (name, options = [], ctx = {}) => dispatchInteraction(chatInputPayload(world, name, options, ctx) as unknown as APIInteraction, ctx.relax),
    autocomplete: async (name, options, ctx = {}) => dispatchInteraction(autocompletePayload(world, name, options, ctx) as unknown as APIInteraction, ctx.relax),
    button: async (customId, ctx = {}) => dispatchInteraction(buttonPayload(world, customId, ctx) as unknown as APIInteraction, ctx.relax),
    sendMessage,
    dropConnections: (code = GatewayCloseCodes.UnknownError) => gateway.drop(code),
    async dispatch(event, data) {
      const guildId = (data as { guild_id?: unknown } | null)?.guild_id;
      const route: DispatchRoute = typeof guildId === 'string' ? guildId : 'all';
      await gateway.sessions(sessionWaitMs, route);
      return gateway.dispatch(event, () => data, route);
    },
    close() {
      closing ??= (async () => {
        await gateway.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
