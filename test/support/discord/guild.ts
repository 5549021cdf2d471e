import { ChannelType, PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import type { APIChannel, APIGuildMember, APIRole, APIUser, ChannelFlags, GatewayGuildCreateDispatchData, GuildMemberFlags, RoleFlags } from 'discord.js';

/** What @everyone may do in a stand-in guild, and so an ordinary member and the bot. */
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

export interface ChannelOptions {
  id?: string;
  name: string;
  /** A public thread instead of a text channel. */
  thread?: boolean;
  /** For a thread: the text channel it is in, by id or name (the guild's first text channel by default). */
  parentId?: string;
}

export interface RoleOptions {
  id?: string;
  name: string;
  /** None by default: a role that only names people (for a bot's admin role list, say). */
  permissions?: bigint | string;
}

export interface MemberOptions {
  user: Partial<APIUser> & Pick<APIUser, 'id'>;
  /** Its roles in this guild, by name or id. */
  roles?: string[];
  nick?: string;
}

export interface GuildOptions {
  id?: string;
  /** Also the guild's handle in tests (`standIn.guild('B')`), so unique within a stand-in. */
  name?: string;
  preferredLocale?: string;
  /** Its channels; the first text channel is where its events happen by default. `[{ name: 'general' }]` unless given. */
  channels?: ChannelOptions[];
  /** Roles besides @everyone and the bot's own. */
  roles?: RoleOptions[];
  /** Members with roles or a nickname; anybody else is a member too, with no role. */
  members?: MemberOptions[];
  /** The owner has every permission in the guild. */
  ownerId?: string;
}

export interface StandInChannel {
  readonly id: string;
  readonly name: string;
  readonly type: ChannelType.GuildText | ChannelType.PublicThread;
  /** The text channel a thread is in; null for a text channel. */
  readonly parentId: string | null;
}

export interface StandInRole {
  readonly id: string;
  readonly name: string;
  readonly permissions: bigint;
}

/** A guild as a test sees it (`standIn.guild('B')`): its ids and whether the bot is still in it. */
export interface StandInGuild {
  readonly id: string;
  readonly name: string;
  readonly preferredLocale: string;
  readonly ownerId: string;
  /** Its first text channel, where its events happen unless a call names another. */
  readonly channelId: string;
  readonly channels: readonly StandInChannel[];
  /** @everyone (whose id is the guild's), the bot's managed role, then the roles it was given. */
  readonly roles: readonly StandInRole[];
  /** False once the bot has left it (`standIn.removeGuild`). */
  readonly joined: boolean;
  /** A channel by id or name; throws when the guild has none. */
  channel(ref: string): StandInChannel;
  /** A role by id or name (`'@everyone'` too); throws when the guild has none. */
  role(ref: string): StandInRole;
}

interface Member {
  user: APIUser;
  roleIds: string[];
  nick: string | null;
}

/** What a guild takes from the stand-in around it. */
export interface GuildSetting {
  /** Its place among the stand-in's guilds, which its default ids come from. */
  index: number;
  botUser: APIUser;
  /** The default human, a member of every guild. */
  defaultUser: APIUser;
  /** When the bot joined it. */
  joinedAt: string;
  /** The members its options name, with their users resolved. */
  members: Array<{ user: APIUser; roles?: string[]; nick?: string }>;
}

/** A stand-in guild: its channels, roles and members, and how Discord describes them. */
export class Guild implements StandInGuild {
  readonly id: string;
  readonly name: string;
  readonly preferredLocale: string;
  readonly ownerId: string;
  readonly channels: readonly StandInChannel[];
  readonly roles: readonly StandInRole[];
  joined = true;
  private readonly botUser: APIUser;
  private readonly defaultUser: APIUser;
  private readonly joinedAt: string;
  private readonly members = new Map<string, Member>();

  /**
   * Ids come from `index` unless given: the first guild keeps the ids the stand-in has always used
   * (guild …002, bot role …003, channels …100 on), the next ones the same a million further each.
   */
  constructor(options: GuildOptions, { index, botUser, defaultUser, joinedAt, members }: GuildSetting) {
    this.botUser = botUser;
    this.defaultUser = defaultUser;
    this.joinedAt = joinedAt;
    const base = 1_100_000_000_000_000_000n + BigInt(index) * 1_000_000n;
    this.id = options.id ?? String(base + 2n);
    this.name = options.name ?? (index === 0 ? 'Newsroom' : `Guild ${index + 1}`);
    this.preferredLocale = options.preferredLocale ?? 'en-US';
    this.ownerId = options.ownerId ?? '1100000000000000009';
    this.channels = channelsOf(options.channels?.length ? options.channels : [{ name: 'general' }], base, this.name);
    const given = (options.roles ?? []).map((r, i) => ({ id: r.id ?? String(base + 200n + BigInt(i)), name: r.name, permissions: BigInt(r.permissions ?? 0) }));
    this.roles = [
      { id: this.id, name: '@everyone', permissions: defaultMemberPermissions },
      { id: this.botRoleId, name: botUser.username, permissions: defaultMemberPermissions },
      ...given,
    ];
    assertUnique(this.roles.map((r) => r.id), `role ids of guild ${this.name}`);
    for (const m of members) this.members.set(m.user.id, { user: m.user, roleIds: (m.roles ?? []).map((r) => this.role(r).id), nick: m.nick ?? null });
  }

  get botRoleId(): string {
    return (BigInt(this.id) + 1n).toString();
  }

  get channelId(): string {
    return this.channels.find((c) => c.type === ChannelType.GuildText)!.id;
  }

  channel(ref: string): StandInChannel {
    const found = this.findChannel(ref) ?? this.channels.find((c) => c.name === ref);
    if (!found) throw new Error(`The stand-in has no guild channel ${ref} in guild ${this.name} (it has: ${this.channels.map((c) => c.name).join(', ')})`);
    return found;
  }

  findChannel(id: string): StandInChannel | undefined {
    return this.channels.find((c) => c.id === id);
  }

  role(ref: string): StandInRole {
    const found = this.roles.find((r) => r.id === ref) ?? this.roles.find((r) => r.name === ref);
    if (!found) throw new Error(`Guild ${this.name} has no role ${ref} (it has: ${this.roles.map((r) => r.name).join(', ')})`);
    return found;
  }

  /** The member's role ids: `roles` (by name or id) when a call names them, else those it was given. */
  roleIdsOf(user: APIUser, roles?: readonly string[]): string[] {
    if (roles) return roles.map((r) => this.role(r).id).filter((id) => id !== this.id);
    if (user.id === this.botUser.id) return [this.botRoleId];
    return this.members.get(user.id)?.roleIds ?? [];
  }

  /** Permissions as Discord computes them before channel overwrites: the owner and administrators have them all. */
  permissionsOf(user: APIUser, roleIds: readonly string[]): bigint {
    if (user.id === this.ownerId) return PermissionsBitField.All;
    const bits = [this.id, ...roleIds].reduce((all, id) => all | this.role(id).permissions, 0n);
    return bits & PermissionFlagsBits.Administrator ? PermissionsBitField.All : bits;
  }

  member(user: APIUser, roleIds: readonly string[] = this.roleIdsOf(user)): APIGuildMember {
    return {
      user,
      nick: this.members.get(user.id)?.nick ?? null,
      avatar: null,
      roles: [...roleIds],
      joined_at: this.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      pending: false,
      flags: 0 as GuildMemberFlags,
    };
  }

  /** The member as a message carries it: without its user, who is the author or the mention. */
  partialMember(user: APIUser): Omit<APIGuildMember, 'user'> {
    const { user: _user, ...member } = this.member(user);
    return member;
  }

  apiChannel(channel: StandInChannel): APIChannel {
    if (channel.type === ChannelType.PublicThread) {
      return {
        id: channel.id,
        type: ChannelType.PublicThread,
        guild_id: this.id,
        name: channel.name,
        parent_id: channel.parentId,
        owner_id: this.defaultUser.id,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        flags: 0 as ChannelFlags,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: this.joinedAt, locked: false },
      } as APIChannel;
    }
    return {
      id: channel.id,
      type: ChannelType.GuildText,
      guild_id: this.id,
      name: channel.name,
      position: this.channels.indexOf(channel),
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    } as APIChannel;
  }

  apiRoles(): APIRole[] {
    return this.roles.map((r, position) => ({
      id: r.id,
      name: r.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      position,
      permissions: r.permissions.toString(),
      managed: r.id === this.botRoleId,
      mentionable: false,
      flags: 0 as RoleFlags,
      ...(r.id === this.botRoleId ? { tags: { bot_id: this.botUser.id } } : {}),
    }));
  }

  guildCreate(): GatewayGuildCreateDispatchData {
    const members = [this.botUser, this.defaultUser, ...[...this.members.values()].map((m) => m.user)]
      .filter((u, i, all) => all.findIndex((o) => o.id === u.id) === i)
      .map((u) => this.member(u));
    const ofType = (type: ChannelType) => this.channels.filter((c) => c.type === type).map((c) => this.apiChannel(c));
    return {
      id: this.id,
      name: this.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: this.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: this.apiRoles(),
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
      preferred_locale: this.preferredLocale,
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
      member_count: members.length,
      voice_states: [],
      members,
      channels: ofType(ChannelType.GuildText),
      threads: ofType(ChannelType.PublicThread),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    } as unknown as GatewayGuildCreateDispatchData;
  }
}

function channelsOf(options: ChannelOptions[], base: bigint, guildName: string): StandInChannel[] {
  const ids = options.map((c, i) => c.id ?? String(base + 100n + BigInt(i)));
  assertUnique(ids, `channel ids of guild ${guildName}`);
  const texts = options.flatMap((c, i) => (c.thread ? [] : [{ id: ids[i]!, name: c.name }]));
  if (texts.length === 0) throw new Error(`Guild ${guildName} needs a text channel: its threads have to be in one`);
  return options.map((c, i) => {
    if (!c.thread) {
      if (c.parentId !== undefined) throw new Error(`Channel ${c.name}: only a thread has a parent here (the stand-in has no categories)`);
      return { id: ids[i]!, name: c.name, type: ChannelType.GuildText, parentId: null };
    }
    const parent = c.parentId === undefined ? texts[0] : texts.find((t) => t.id === c.parentId || t.name === c.parentId);
    if (!parent) throw new Error(`Thread ${c.name}: guild ${guildName} has no text channel ${c.parentId}`);
    return { id: ids[i]!, name: c.name, type: ChannelType.PublicThread, parentId: parent.id };
  });
}

export function assertUnique(values: readonly string[], what: string): void {
  const repeated = values.find((v, i) => values.indexOf(v) !== i);
  if (repeated !== undefined) throw new Error(`The stand-in needs unique ${what}: ${repeated} comes twice`);
}
