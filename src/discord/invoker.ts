import type { Interaction } from 'discord.js';
import type { Scope } from '../app/scope.ts';
import type { Invoker } from './guards/admin.ts';
import type { ChannelPlace } from './guards/channels.ts';

/** Who runs an interaction, as the admin check sees them. */
export function invokerOf(interaction: Interaction): Invoker {
  const member = interaction.member;
  const roles = member ? (Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()]) : [];
  return { userId: interaction.user.id, permissions: interaction.memberPermissions, roleIds: roles };
}

/** Where a question is asked, as the app sees it: a server (the guild id Discord sent with the event) or a direct message. */
export function scopeOf(event: { guildId: string | null; userId: string }): Scope {
  return event.guildId ? { kind: 'server', guildId: event.guildId } : { kind: 'dm', userId: event.userId };
}

/** Where an interaction happens, as the channel check sees it. */
export function placeOf(interaction: Interaction): ChannelPlace {
  const channel = interaction.channel;
  return {
    channelId: interaction.channelId ?? '',
    parentId: channel && 'parentId' in channel && channel.isThread() ? channel.parentId : null,
    isDm: !interaction.inGuild(),
  };
}
