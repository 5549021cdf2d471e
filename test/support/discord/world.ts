import { ChannelType, MessageReferenceType, MessageType, PermissionFlagsBits, PermissionsBitField, SnowflakeUtil } from 'discord.js';
import type {
  ApplicationFlags,
  APIApplication,
  APIApplicationCommand,
  APIAttachment,
  APIChannel,
  APIEmbed,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  RoleFlags,
} from 'discord.js';
import { RuleBook } from './rules.ts';
import type { StandInRule } from './rules.ts';

export interface StandInOptions {
  /** When set, REST calls and IDENTIFY must use this token; otherwise any token is accepted. */
  token?: string;
  applicationId?: string;
  botUser?: Partial<APIUser>;
  guild?: { id?: string; name?: string; preferredLocale?: string };
  /** Text channels of the guild; the first one is where interactions and messages happen by default. */
  channels?: Array<{ id?: string; name: string }>;
  /** The human who runs commands and sends messages unless a call names another author. */
  user?: Partial<APIUser>;
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

export const defaultMemberPermissions = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.UseApplicationCommands,
]).bitfield;

function user(id: string, username: string, overrides: Partial<APIUser> = {}): APIUser {
  return { id, username, global_name: null, discriminator: '0', avatar: null, ...overrides };
}

/** Everything the stand-in remembers: the fake guild, its channels and users, and what the bot has posted. */
export class World {
  readonly token: string | undefined;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly user: APIUser;
  readonly guildId: string;
  readonly guildName: string;
  readonly guildLocale: string;
  readonly textChannels: Array<{ id: string; name: string }>;
  readonly heartbeatIntervalMs: number;
  readonly clock: StandInClock;
  readonly rules: RuleBook;
  readonly interactionDeadlineMs: number;
  readonly interactionTokenLifetimeMs: number;
  readonly attachmentSizeLimit: number;
  readonly joinedAt: string;

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
    this.guildId = options.guild?.id ?? '1100000000000000002';
    this.guildName = options.guild?.name ?? 'Newsroom';
    this.guildLocale = options.guild?.preferredLocale ?? 'en-US';
    const channels = options.channels?.length ? options.channels : [{ name: 'general' }];
    this.textChannels = channels.map((c, i) => ({ id: c.id ?? `11000000000000001${i.toString().padStart(2, '0')}`, name: c.name }));
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.clock = new StandInClock(options.now);
    this.rules = new RuleBook(options.relax);
    this.interactionDeadlineMs = options.interactionDeadlineMs ?? 3_000;
    this.interactionTokenLifetimeMs = options.interactionTokenLifetimeMs ?? 15 * 60_000;
    this.attachmentSizeLimit = options.attachmentSizeLimit ?? 10 * 1024 * 1024;
    this.joinedAt = new Date(this.clock.now()).toISOString();
    this.users.set(this.botUser.id, this.botUser).set(this.user.id, this.user);
  }

  /** A user built from the default human with `overrides`, remembered so REST can look it up. */
  someUser(overrides: Partial<APIUser> = {}): APIUser {
    const u = { ...this.user, ...overrides };
    this.users.set(u.id, u);
    return u;
  }

  get defaultChannelId(): string {
    return this.textChannels[0]!.id;
  }

  guildChannel(id: string): APIChannel | undefined {
    const index = this.textChannels.findIndex((c) => c.id === id);
    if (index === -1) return undefined;
    return {
      id,
      type: ChannelType.GuildText,
      guild_id: this.guildId,
      name: this.textChannels[index]!.name,
      position: index,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    } as APIChannel;
  }

  channel(id: string): APIChannel | undefined {
    return this.guildChannel(id) ?? this.dmChannels.get(id);
  }

  dmChannelFor(recipient: APIUser): APIChannel {
    for (const channel of this.dmChannels.values()) {
      if ('recipients' in channel && channel.recipients?.some((r) => r.id === recipient.id)) return channel;
    }
    const channel: APIChannel = { id: snowflake(), type: ChannelType.DM, name: null, last_message_id: null, recipients: [recipient] };
    this.dmChannels.set(channel.id, channel);
    return channel;
  }

  /** Command ids stay stable per name so interactions match what the bot registered. */
  commandId(name: string): string {
    for (const list of this.commands.values()) {
      const found = list.find((c) => c.name === name);
      if (found) return found.id;
    }
    let id = this.commandIds.get(name);
    if (!id) this.commandIds.set(name, (id = snowflake()));
    return id;
  }

  roles(): APIRole[] {
    const role = (id: string, name: string, permissions: bigint, position: number, managed: boolean): APIRole => ({
      id,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      position,
      permissions: permissions.toString(),
      managed,
      mentionable: false,
      flags: 0 as RoleFlags,
      ...(managed ? { tags: { bot_id: this.botUser.id } } : {}),
    });
    return [
      role(this.guildId, '@everyone', defaultMemberPermissions, 0, false),
      role(this.botRoleId, this.botUser.username, defaultMemberPermissions, 1, true),
    ];
  }

  get botRoleId(): string {
    return (BigInt(this.guildId) + 1n).toString();
  }

  member(u: APIUser): APIGuildMember {
    return {
      user: u,
      nick: null,
      avatar: null,
      roles: u.id === this.botUser.id ? [this.botRoleId] : [],
      joined_at: this.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      pending: false,
      flags: 0 as GuildMemberFlags,
    };
  }

  guildCreate(): GatewayGuildCreateDispatchData {
    return {
      id: this.guildId,
      name: this.guildName,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: '1100000000000000009',
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: this.roles(),
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: this.guildLocale,
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      stickers: [],
      incidents_data: null,
      hub_type: null,
      joined_at: this.joinedAt,
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [this.member(this.botUser), this.member(this.user)],
      channels: this.textChannels.map((c) => this.guildChannel(c.id)!),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    } as unknown as GatewayGuildCreateDispatchData;
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
      approximate_guild_count: 1,
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
    const inGuild = this.guildChannel(referenced.channel_id) !== undefined;
    return {
      message_reference: {
        type: MessageReferenceType.Default,
        message_id: referenced.id,
        channel_id: referenced.channel_id,
        ...(inGuild ? { guild_id: this.guildId } : {}),
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
