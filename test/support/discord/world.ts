import { ChannelType, MessageReferenceType, MessageType, SnowflakeUtil } from 'discord.js';
import type { ApplicationFlags, APIApplication, APIApplicationCommand, APIAttachment, APIChannel, APIEmbed, APIMessage, APIUser } from 'discord.js';
import { assertUnique, Guild } from './guild.ts';
import type { GuildOptions } from './guild.ts';
import { RuleBook } from './rules.ts';
import type { StandInRule } from './rules.ts';

export interface StandInOptions {
  /** When set, REST calls and IDENTIFY must use this token; otherwise any token is accepted. */
  token?: string;
  applicationId?: string;
  botUser?: Partial<APIUser>;
  /** The one guild, when there is only one (the default guild: `standIn.guildId`). */
  guild?: Pick<GuildOptions, 'id' | 'name' | 'preferredLocale'>;
  /** Text channels of that guild; the first one is where interactions and messages happen by default. */
  channels?: Array<{ id?: string; name: string }>;
  /** Every guild the bot is in, instead of `guild` and `channels`; the first is the default guild. */
  guilds?: GuildOptions[];
  /** The human who runs commands and sends messages unless a call names another author. */
  user?: Partial<APIUser>;
  /** GET /gateway/bot's `shards`: the shard count Discord recommends (1 by default), what `shards: 'auto'` spawns. */
  recommendedShards?: number;
  /** GET /gateway/bot's `session_start_limit.max_concurrency` (1 by default): shards that may IDENTIFY at once. */
  maxConcurrency?: number;
  /** HELLO's heartbeat_interval; lower it to see heartbeats within a test. */
  heartbeatIntervalMs?: number;
  /** Rules to bypass for this whole stand-in (see rules.ts); prefer `standIn.relax()` or a call's `relax` for one test. */
  relax?: StandInRule[];
  /**
   * The stand-in's time in ms (Date.now by default): interactions are created at it, and the deadline and
   * the token lifetime are measured on it. `standIn.clock.advance(ms)` moves it on from whatever this says.
   */
  now?: () => number;
  /** Time for the first response to an interaction (3,000 ms, as on Discord). */
  interactionDeadlineMs?: number;
  /** How long an interaction token can be used for follow-ups and edits (15 minutes, as on Discord). */
  interactionTokenLifetimeMs?: number;
  /** The upload limit interactions advertise in `attachment_size_limit` and messages keep to (10 MiB). */
  attachmentSizeLimit?: number;
}

export interface AttachmentInput {
  filename: string;
  data: Buffer | Uint8Array | string;
  contentType?: string;
  /** The `size` the attachment object claims; the length of `data` unless a test lies on purpose (rule attachmentSizeMatches). */
  size?: number;
}

export interface HostedFile {
  data: Buffer;
  contentType: string;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId: string | null;
  user: APIUser;
  /** When the interaction was created, on the stand-in's clock. */
  createdAt: number;
  /** The message a component interaction was clicked on; it becomes @original on update. */
  sourceMessageId: string | null;
  /** The callback type the bot answered with, or null while unanswered. */
  callbackType: number | null;
  originalMessageId: string | null;
  messageIds: Set<string>;
}

export const snowflake = (timestamp?: number): string => SnowflakeUtil.generate(timestamp === undefined ? {} : { timestamp }).toString();

/** The stand-in's time: a base clock (Date.now unless the test gives one) plus what `advance` added. */
export class StandInClock {
  private offset = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}

function user(id: string, username: string, overrides: Partial<APIUser> = {}): APIUser {
  return { id, username, global_name: null, discriminator: '0', avatar: null, ...overrides };
}

/** Everything the stand-in remembers: the fake guilds, their channels, the users, and what the bot has posted. */
export class World {
  readonly token: string | undefined;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly user: APIUser;
  /** Every guild the bot has been in, in the order they came; `joined` tells whether it still is. */
  readonly guilds: Guild[] = [];
  readonly heartbeatIntervalMs: number;
  readonly recommendedShards: number;
  readonly maxConcurrency: number;
  readonly clock: StandInClock;
  readonly rules: RuleBook;
  readonly interactionDeadlineMs: number;
  readonly interactionTokenLifetimeMs: number;
  readonly attachmentSizeLimit: number;

  readonly messages = new Map<string, APIMessage>();
  readonly users = new Map<string, APIUser>();
  readonly dmChannels = new Map<string, APIChannel>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** Registered commands, keyed by guild id or 'global'. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly files = new Map<string, HostedFile>();
  private readonly commandIds = new Map<string, string>();

  constructor(
    options: StandInOptions,
    private readonly baseUrl: string,
  ) {
    this.token = options.token;
    this.applicationId = options.applicationId ?? options.botUser?.id ?? '1100000000000000001';
    this.botUser = user(this.applicationId, 'article-bot', {
      bot: true,
      verified: true,
      mfa_enabled: false,
      ...options.botUser,
    });
    this.user = user('1100000000000000004', 'reader', options.user);
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.recommendedShards = options.recommendedShards ?? 1;
    this.maxConcurrency = options.maxConcurrency ?? 1;
    for (const [name, value] of [['recommendedShards', this.recommendedShards], ['maxConcurrency', this.maxConcurrency]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`The stand-in's ${name} must be a whole number of at least 1, not ${value}`);
    }
    this.clock = new StandInClock(options.now);
    this.rules = new RuleBook(options.relax);
    this.interactionDeadlineMs = options.interactionDeadlineMs ?? 3_000;
    this.interactionTokenLifetimeMs = options.interactionTokenLifetimeMs ?? 15 * 60_000;
    this.attachmentSizeLimit = options.attachmentSizeLimit ?? 10 * 1024 * 1024;
    this.users.set(this.botUser.id, this.botUser).set(this.user.id, this.user);
    if (options.guilds?.length && (options.guild || options.channels)) {
      throw new Error('Give the stand-in either `guilds` or `guild`/`channels` (one guild), not both');
    }
    for (const guild of options.guilds?.length ? options.guilds : [{ ...options.guild, channels: options.channels }]) this.addGuild(guild);
  }

  /** The first guild: where interactions and messages happen unless a call names another. */
  get defaultGuild(): Guild {
    return this.guilds[0]!;
  }

  /** A guild by id or name, joined or left; throws when there is none. */
  guild(ref: string): Guild {
    const found = this.guilds.find((g) => g.id === ref) ?? this.guilds.find((g) => g.name === ref);
    if (!found) throw new Error(`The stand-in has no guild ${ref} (it has: ${this.guilds.map((g) => g.name).join(', ')})`);
    return found;
  }

  /** A guild the bot joins. One it left (named by id, or by name without an id) is made anew from `options`, keeping its id. */
  addGuild(options: GuildOptions): Guild {
    const left = this.guilds.findIndex((g) => !g.joined && (options.id === undefined ? g.name === options.name : g.id === options.id));
    const guild = new Guild(
      { ...options, id: options.id ?? this.guilds[left]?.id },
      {
        index: left === -1 ? this.guilds.length : left,
        botUser: this.botUser,
        defaultUser: this.user,
        joinedAt: new Date(this.clock.now()).toISOString(),
        members: (options.members ?? []).map((m) => ({ ...m, user: this.someUser(m.user) })),
      },
    );
    const others = this.guilds.filter((_, i) => i !== left);
    assertUnique([...others.map((g) => g.id), guild.id], 'guild ids');
    assertUnique([...others.map((g) => g.name), guild.name], 'guild names (they are how tests name guilds)');
    assertUnique([...others.flatMap((g) => g.channels.map((c) => c.id)), ...guild.channels.map((c) => c.id)], 'channel ids');
    if (left === -1) this.guilds.push(guild);
    else this.guilds[left] = guild;
    return guild;
  }

  /** The bot leaves a guild it is in; the guild stays known, so that what still names it can be refused. */
  leaveGuild(ref: string): Guild {
    const guild = this.guild(ref);
    if (!guild.joined) throw new Error(`The bot has left guild ${guild.name} already`);
    guild.joined = false;
    return guild;
  }

  /** The guilds the bot is in now, in the order they came. */
  get joinedGuilds(): Guild[] {
    return this.guilds.filter((g) => g.joined);
  }

  /** The guild a channel (or thread) belongs to, joined or left. */
  guildOfChannel(channelId: string): Guild | undefined {
    return this.guilds.find((g) => g.findChannel(channelId));
  }

  /** A user built from the default human with `overrides`, remembered so REST can look it up. */
  someUser(overrides: Partial<APIUser> = {}): APIUser {
    const u = { ...this.user, ...overrides };
    this.users.set(u.id, u);
    return u;
  }

  get defaultChannelId(): string {
    return this.defaultGuild.channelId;
  }

  /** A guild channel (of a guild joined or left) or a DM channel. */
  channel(id: string): APIChannel | undefined {
    const guild = this.guildOfChannel(id);
    return guild ? guild.apiChannel(guild.findChannel(id)!) : this.dmChannels.get(id);
  }

  dmChannelFor(recipient: APIUser): APIChannel {
    for (const channel of this.dmChannels.values()) {
      if ('recipients' in channel && channel.recipients?.some((r) => r.id === recipient.id)) return channel;
    }
    const channel: APIChannel = { id: snowflake(), type: ChannelType.DM, name: null, last_message_id: null, recipients: [recipient] };
    this.dmChannels.set(channel.id, channel);
    return channel;
  }

  /**
   * The id of command `name` in `scope` (a guild id or 'global'), stable so that registering it again keeps
   * it, and an invocation before any registration gets the id the global registration will have.
   */
  commandId(scope: string, name: string): string {
    const key = `${scope}/${name}`;
    let id = this.commandIds.get(key);
    if (!id) this.commandIds.set(key, (id = snowflake()));
    return id;
  }

  /** The registered command Discord runs for `/name` in a guild (its own command first) or a DM. */
  routedCommand(name: string, guildId: string | null): APIApplicationCommand | undefined {
    const inGuild = guildId === null ? undefined : this.commands.get(guildId)?.find((c) => c.name === name);
    return inGuild ?? this.commands.get('global')?.find((c) => c.name === name);
  }

  application(): APIApplication {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      owner: this.user,
      team: null,
      flags: 0 as ApplicationFlags,
      flags_new: '0',
      bot: this.botUser,
      approximate_guild_count: this.joinedGuilds.length,
    };
  }

  /** Serves `data` at a 127.0.0.1 URL; `size` is what the attachment claims (the real length unless a test lies). */
  hostFile(filename: string, data: Buffer | Uint8Array | string, contentType = 'application/octet-stream', size?: number): APIAttachment {
    const id = snowflake();
    const bytes = Buffer.from(data);
    this.files.set(id, { data: bytes, contentType });
    const url = `${this.baseUrl}/files/${id}/${encodeURIComponent(filename)}`;
    return { id, filename, size: size ?? bytes.length, url, proxy_url: url, content_type: contentType };
  }

  /** The hosted bytes behind an attachment URL of this stand-in, if it is one. */
  hostedFile(url: string): HostedFile | undefined {
    if (!url.startsWith(`${this.baseUrl}/files/`)) return undefined;
    return this.files.get(url.slice(this.baseUrl.length).split('/')[2] ?? '');
  }

  /** A message as Discord echoes it; `fields` come from a create body or an interaction callback's data. */
  message(args: {
    channelId: string;
    author: APIUser;
    type?: MessageType;
    fields: MessageFields;
    extra?: Partial<APIMessage>;
  }): APIMessage {
    const message: APIMessage = {
      id: snowflake(),
      channel_id: args.channelId,
      author: args.author,
      content: args.fields.content ?? '',
      timestamp: new Date(this.clock.now()).toISOString(),
      edited_timestamp: null,
      tts: args.fields.tts ?? false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: args.fields.attachments ?? [],
      embeds: normaliseEmbeds(args.fields.embeds),
      components: args.fields.components ?? [],
      pinned: false,
      type: args.type ?? MessageType.Default,
      flags: args.fields.flags ?? 0,
      ...args.extra,
    } as APIMessage;
    this.messages.set(message.id, message);
    return message;
  }

  /** What a message replying to `referenced` carries. */
  replyTo(referenced: APIMessage): Pick<APIMessage, 'message_reference' | 'referenced_message'> {
    const guild = this.guildOfChannel(referenced.channel_id);
    return {
      message_reference: {
        type: MessageReferenceType.Default,
        message_id: referenced.id,
        channel_id: referenced.channel_id,
        ...(guild ? { guild_id: guild.id } : {}),
      },
      referenced_message: referenced,
    };
  }

  /** The message as it would read after an edit; the caller stores it once Discord's checks pass. */
  edited(current: APIMessage, fields: MessageFields): APIMessage {
    return {
      ...current,
      ...(fields.content !== undefined ? { content: fields.content ?? '' } : {}),
      ...(fields.embeds !== undefined ? { embeds: normaliseEmbeds(fields.embeds) } : {}),
      ...(fields.components !== undefined ? { components: fields.components ?? [] } : {}),
      ...(fields.attachments !== undefined ? { attachments: fields.attachments } : {}),
      ...(fields.flags !== undefined ? { flags: fields.flags } : {}),
      edited_timestamp: new Date(this.clock.now()).toISOString(),
    };
  }
}

/** The message fields a bot can set, already resolved (uploaded files turned into attachments). */
export interface MessageFields {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: APIMessage['components'] | null;
  attachments?: APIAttachment[];
  flags?: number;
  tts?: boolean;
}

function normaliseEmbeds(embeds: APIEmbed[] | null | undefined): APIEmbed[] {
  return (embeds ?? []).map((e) => ({ type: 'rich', ...e }) as APIEmbed);
}
