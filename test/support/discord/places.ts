import type { APIChannel, APIUser } from 'discord.js';
import type { Guild } from './guild.ts';
import type { World } from './world.ts';

/** Where a test says an interaction or a message happens. */
export interface PlaceOptions {
  /** A guild of the stand-in by id or name; the guild of the channel when a call names one, else the default guild. */
  guild?: string;
  /** A channel (or thread) of that guild by id or name; its first text channel by default. */
  channel?: string;
  /** The same as `channel`, by id. */
  channelId?: string;
  /** The author's DM with the bot instead of a guild. */
  dm?: boolean;
}

export type Place = { guild: Guild; channel: APIChannel } | { guild: null; channel: APIChannel };

/** The guild and channel a call names; throws when they are not the stand-in's or contradict each other. */
export function placeOf(world: World, where: PlaceOptions, author: APIUser): Place {
  if (where.channel !== undefined && where.channelId !== undefined && where.channel !== where.channelId) {
    throw new Error('Name the channel once: `channel` or `channelId`');
  }
  const channelRef = where.channel ?? where.channelId;
  if (where.dm) {
    if (where.guild !== undefined || channelRef !== undefined) throw new Error('A DM is in no guild: drop `guild` and `channel`, or `dm`');
    return { guild: null, channel: world.dmChannelFor(author) };
  }
  const guild = where.guild !== undefined ? world.guild(where.guild) : ((channelRef && world.guildOfChannel(channelRef)) || world.defaultGuild);
  const channel = channelRef === undefined ? guild.channel(guild.channelId) : guild.channel(channelRef);
  return { guild, channel: guild.apiChannel(channel) };
}

/** Where an existing message is: its guild (null in a DM) and channel. */
export function placeOfMessage(world: World, channelId: string): Place {
  const channel = world.channel(channelId);
  if (!channel) throw new Error(`The stand-in has no channel ${channelId}`);
  return { guild: world.guildOfChannel(channelId) ?? null, channel };
}
