export interface ChannelPlace {
  channelId: string;
  /** The parent channel of a thread, so a thread of an allowed channel is allowed too. */
  parentId: string | null;
  /** Direct messages are always answered: the restriction is about a server's channels. */
  isDm: boolean;
}

/** Whether the bot answers questions here (ALLOWED_CHANNEL_IDS; empty = everywhere). */
export function isAllowedChannel(place: ChannelPlace, allowedChannelIds: string[]): boolean {
  if (place.isDm || allowedChannelIds.length === 0) return true;
  return allowedChannelIds.includes(place.channelId) || (place.parentId !== null && allowedChannelIds.includes(place.parentId));
}

/** The allowed channels as Discord channel mentions (shown as links, never a ping). */
export function channelList(channelIds: string[]): string {
  return channelIds.map((id) => `<#${id}>`).join(', ');
}
