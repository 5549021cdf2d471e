import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
  InteractionType,
} from 'discord.js';
import type { APIAttachment, APIInteraction, APIInteractionDataResolved, APIUser } from 'discord.js';
import { defaultMemberPermissions } from './guild.ts';
import { placeOf, placeOfMessage } from './places.ts';
import type { Place, PlaceOptions } from './places.ts';
import type { StandInRule } from './rules.ts';
import { snowflake } from './world.ts';
import type { AttachmentInput, World } from './world.ts';

/** Who invokes an interaction, and where (`guild`, `channel`/`channelId` or `dm`; the default guild's first channel unless told). */
export interface InteractionContext extends PlaceOptions {
  /** Overrides on the default user (give an `id` to act as somebody else). */
  user?: Partial<APIUser>;
  /** The member's permissions in the channel (guild only); what its roles in the guild give by default. */
  permissions?: bigint | string;
  /** The member's roles in the guild by name or id, instead of those the guild gave it (none by default). */
  roles?: string[];
  locale?: string;
  /** Rules to bypass for this one dispatch, to send what Discord would not (see rules.ts). */
  relax?: StandInRule[];
}

export interface CommandOption {
  name: string;
  type: ApplicationCommandOptionType;
  /** For ATTACHMENT options, the file to attach (hosted by the stand-in) or an attachment from `hostFile`. */
  value?: string | number | boolean | AttachmentInput | APIAttachment;
  /** Sub-command (group) options. */
  options?: CommandOption[];
  /** Marks the option being typed, for autocomplete. */
  focused?: boolean;
}

type Payload = Record<string, unknown>;

function base(world: World, type: InteractionType, ctx: InteractionContext, place?: Place): Payload {
  const user = world.someUser(ctx.user);
  const { guild, channel } = place ?? placeOf(world, ctx, user);
  const id = snowflake(world.clock.now());
  const common = {
    id,
    application_id: world.applicationId,
    type,
    token: `stand-in-interaction-token-${id}`,
    version: 1,
    locale: ctx.locale ?? 'en-US',
    app_permissions: defaultMemberPermissions.toString(),
    entitlements: [],
    attachment_size_limit: world.attachmentSizeLimit,
  };
  if (!guild) {
    return {
      ...common,
      user,
      channel,
      channel_id: channel.id,
      context: InteractionContextType.BotDM,
      // Discord's value for a guild-installed app used in the bot's DM.
      authorizing_integration_owners: { 0: '0' },
    };
  }
  const roleIds = guild.roleIdsOf(user, ctx.roles);
  const permissions = (ctx.permissions ?? guild.permissionsOf(user, roleIds)).toString();
  return {
    ...common,
    app_permissions: guild.permissionsOf(world.botUser, guild.roleIdsOf(world.botUser)).toString(),
    guild_id: guild.id,
    guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
    guild_locale: guild.preferredLocale,
    member: { ...guild.member(user, roleIds), permissions },
    channel: { ...channel, permissions },
    channel_id: channel.id,
    context: InteractionContextType.Guild,
    authorizing_integration_owners: { 0: guild.id },
  };
}

function commandData(world: World, name: string, options: CommandOption[], guildId: string | null): Payload {
  const attachments: Record<string, APIAttachment> = {};
  const convert = (option: CommandOption): Payload => {
    const { options: nested, value, ...rest } = option;
    if (nested) return { ...rest, options: nested.map(convert) };
    if (option.type !== ApplicationCommandOptionType.Attachment) return { ...rest, value };
    if (typeof value !== 'object') throw new Error(`Attachment option ${option.name} needs a file as its value`);
    const attachment = 'url' in value ? value : world.hostFile(value.filename, value.data, value.contentType, value.size);
    attachments[attachment.id] = attachment;
    return { ...rest, value: attachment.id };
  };
  const converted = options.map(convert);
  const resolved: APIInteractionDataResolved | undefined = Object.keys(attachments).length ? { attachments } : undefined;
  const routed = world.routedCommand(name, guildId);
  return {
    id: routed?.id ?? world.commandId('global', name),
    name,
    type: ApplicationCommandType.ChatInput,
    options: converted,
    ...(resolved ? { resolved } : {}),
    ...(routed?.guild_id ? { guild_id: routed.guild_id } : {}),
  };
}

function commandPayload(world: World, type: InteractionType, name: string, options: CommandOption[], ctx: InteractionContext): Payload {
  const payload = base(world, type, ctx);
  return { ...payload, data: commandData(world, name, options, (payload.guild_id as string | undefined) ?? null) };
}

export function chatInputPayload(world: World, name: string, options: CommandOption[], ctx: InteractionContext): Payload {
  return commandPayload(world, InteractionType.ApplicationCommand, name, options, ctx);
}

export function autocompletePayload(world: World, name: string, options: CommandOption[], ctx: InteractionContext): Payload {
  return commandPayload(world, InteractionType.ApplicationCommandAutocomplete, name, options, ctx);
}

/**
 * A button click; without `messageId` the stand-in first posts a bot message carrying that button. A click
 * on a given message happens where that message is, unless the call names a place.
 */
export function buttonPayload(world: World, customId: string, ctx: InteractionContext & { messageId?: string }): Payload {
  const clicked = ctx.messageId === undefined ? undefined : world.messages.get(ctx.messageId);
  if (ctx.messageId !== undefined && !clicked) throw new Error(`The stand-in has no message ${ctx.messageId}`);
  const namesPlace = ctx.dm || ctx.guild !== undefined || ctx.channel !== undefined || ctx.channelId !== undefined;
  const payload = base(world, InteractionType.MessageComponent, ctx, clicked && !namesPlace ? placeOfMessage(world, clicked.channel_id) : undefined);
  const channelId = payload.channel_id as string;
  let message = clicked;
  if (!message) {
    message = world.message({
      channelId,
      author: world.botUser,
      fields: {
        content: 'A message with a button',
        components: [
          { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: customId, label: customId }] },
        ],
      },
    });
  }
  return { ...payload, message, data: { custom_id: customId, component_type: ComponentType.Button } };
}

/** Remembers a dispatched interaction so its callback and webhook routes know it. */
export function registerInteraction(world: World, payload: APIInteraction): void {
  const channelId = payload.channel?.id ?? world.defaultChannelId;
  const message = 'message' in payload ? payload.message : undefined;
  if (message && !world.messages.has(message.id)) world.messages.set(message.id, message);
  world.interactions.set(payload.id, {
    id: payload.id,
    token: payload.token,
    type: payload.type,
    channelId,
    guildId: payload.guild_id ?? null,
    user: payload.member?.user ?? payload.user ?? world.user,
    createdAt: world.clock.now(),
    sourceMessageId: message?.id ?? null,
    callbackType: null,
    originalMessageId: null,
    messageIds: new Set(),
  });
}
