import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
  InteractionType,
} from 'discord.js';
import type { APIAttachment, APIInteraction, APIInteractionDataResolved, APIMessage, APIUser } from 'discord.js';
import type { StandInRule } from './rules.ts';
import { defaultMemberPermissions, snowflake } from './world.ts';
import type { AttachmentInput, World } from './world.ts';

/** Who invokes an interaction, and where. */
export interface InteractionContext {
  /** Overrides on the default user (give an `id` to act as somebody else). */
  user?: Partial<APIUser>;
  /** The member's permissions in the channel (guild only); an ordinary member's by default. */
  permissions?: bigint | string;
  /** A guild text channel of the stand-in; the first one by default. */
  channelId?: string;
  /** Invoke from the user's DM with the bot instead of the guild. */
  dm?: boolean;
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

function base(world: World, type: InteractionType, ctx: InteractionContext): Payload {
  const user = world.someUser(ctx.user);
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
  if (ctx.dm) {
    const channel = world.dmChannelFor(user);
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
  const channelId = ctx.channelId ?? world.defaultChannelId;
  const channel = world.guildChannel(channelId);
  if (!channel) throw new Error(`The stand-in has no guild channel ${channelId}`);
  const permissions = (ctx.permissions ?? defaultMemberPermissions).toString();
  return {
    ...common,
    guild_id: world.guildId,
    guild: { id: world.guildId, locale: world.guildLocale, features: [] },
    guild_locale: world.guildLocale,
    member: { ...world.member(user), permissions },
    channel: { ...channel, permissions },
    channel_id: channelId,
    context: InteractionContextType.Guild,
    authorizing_integration_owners: { 0: world.guildId },
  };
}

function commandData(world: World, name: string, options: CommandOption[]): Payload {
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
  const guildCommand = world.commands.get(world.guildId)?.some((c) => c.name === name);
  return {
    id: world.commandId(name),
    name,
    type: ApplicationCommandType.ChatInput,
    options: converted,
    ...(resolved ? { resolved } : {}),
    ...(guildCommand ? { guild_id: world.guildId } : {}),
  };
}

export function chatInputPayload(world: World, name: string, options: CommandOption[], ctx: InteractionContext): Payload {
  return { ...base(world, InteractionType.ApplicationCommand, ctx), data: commandData(world, name, options) };
}

export function autocompletePayload(world: World, name: string, options: CommandOption[], ctx: InteractionContext): Payload {
  return { ...base(world, InteractionType.ApplicationCommandAutocomplete, ctx), data: commandData(world, name, options) };
}

/** A button click; without `messageId` the stand-in first posts a bot message carrying that button. */
export function buttonPayload(world: World, customId: string, ctx: InteractionContext & { messageId?: string }): Payload {
  const payload = base(world, InteractionType.MessageComponent, ctx);
  const channelId = payload.channel_id as string;
  let message: APIMessage | undefined;
  if (ctx.messageId) {
    message = world.messages.get(ctx.messageId);
    if (!message) throw new Error(`The stand-in has no message ${ctx.messageId}`);
  } else {
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
