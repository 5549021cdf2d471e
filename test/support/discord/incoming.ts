import { ApplicationCommandOptionType, InteractionContextType, InteractionType, PermissionFlagsBits } from 'discord.js';
import type { APIApplicationCommand, APIApplicationCommandOption, APIAttachment, APIInteraction, APIMessage, APIUser } from 'discord.js';
import type { IncomingRule, StandInRule } from './rules.ts';
import type { World } from './world.ts';

/**
 * Checks that what a test has the stand-in send is something Discord could send: each broken rule
 * throws a StandInRefusal unless relaxed (for the stand-in, for a while, or in `extra` for this call).
 */

type Refuse = (rule: IncomingRule, detail: string) => void;

const MAX_STRING_OPTION = 6000;
const MAX_CUSTOM_ID = 100;

type GivenOption = { name: string; type: number; value?: unknown; options?: GivenOption[]; focused?: boolean };

function checkAttachments(world: World, attachments: APIAttachment[], limit: number, refuse: Refuse): void {
  for (const attachment of attachments) {
    if (attachment.size > limit) refuse('attachmentLimit', `${attachment.filename} is ${attachment.size} bytes, over the ${limit}-byte limit`);
    const hosted = world.hostedFile(attachment.url);
    if (hosted && hosted.data.length !== attachment.size) {
      refuse('attachmentSizeMatches', `${attachment.filename} claims ${attachment.size} bytes but ${hosted.data.length} are served`);
    }
  }
}

/** The registered definition Discord would route this invocation to, or why there is none. */
function findCommand(world: World, name: string, guildId: string | null, refuse: Refuse): APIApplicationCommand | undefined {
  if (world.commands.size === 0) return undefined;
  const routed = world.routedCommand(name, guildId);
  if (routed) return routed;
  const registeredIn = [...world.commands].filter(([scope, list]) => scope !== 'global' && list.some((c) => c.name === name)).map(([scope]) => world.guild(scope).name);
  if (registeredIn.length && guildId === null) refuse('commandContexts', `/${name} is registered in a guild only, so Discord never offers it in a DM`);
  else if (registeredIn.length) refuse('registeredCommand', `/${name} is registered in guild ${registeredIn.join(', ')} only, so Discord never offers it in guild ${world.guild(guildId!).name}`);
  else refuse('registeredCommand', `/${name} is not among the registered commands (${[...world.commands.values()].flat().map((c) => `/${c.name}`).join(', ') || 'none'})`);
  return undefined;
}

function checkContexts(command: APIApplicationCommand, context: InteractionContextType | undefined, refuse: Refuse): void {
  if (context === undefined) return;
  const allowed: InteractionContextType[] = command.guild_id
    ? [InteractionContextType.Guild]
    : (command.contexts ?? (command.dm_permission === false ? [InteractionContextType.Guild, InteractionContextType.PrivateChannel] : [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel]));
  if (!allowed.includes(context)) {
    refuse('commandContexts', `/${command.name} is registered for contexts [${allowed.map((c) => InteractionContextType[c]).join(', ')}], not ${InteractionContextType[context]}`);
  }
}

function checkPermissions(command: APIApplicationCommand, memberPermissions: string | undefined, refuse: Refuse): void {
  if (command.default_member_permissions === null || command.default_member_permissions === undefined || memberPermissions === undefined) return;
  const required = BigInt(command.default_member_permissions);
  const has = BigInt(memberPermissions);
  if ((has & PermissionFlagsBits.Administrator) !== 0n) return;
  if (required === 0n || (has & required) !== required) {
    refuse('memberPermissions', `/${command.name} needs default_member_permissions ${required} and the member has ${has}`);
  }
}

const stringTypes: number[] = [ApplicationCommandOptionType.String];
const numberTypes: number[] = [ApplicationCommandOptionType.Integer, ApplicationCommandOptionType.Number];

function checkOptions(path: string, given: GivenOption[], defined: APIApplicationCommandOption[] | undefined, autocomplete: boolean, refuse: Refuse): void {
  for (const option of given) {
    const where = `${path} ${option.name}`;
    const definition = defined?.find((d) => d.name === option.name);
    if (defined && (!definition || definition.type !== option.type)) {
      refuse('registeredCommand', definition ? `option ${where} is registered as type ${definition.type}, not ${option.type}` : `${path} registers no option ${option.name}`);
    }
    const def = definition as (APIApplicationCommandOption & { max_length?: number; min_length?: number; min_value?: number; max_value?: number; choices?: Array<{ value: unknown }>; autocomplete?: boolean; options?: APIApplicationCommandOption[] }) | undefined;
    if (option.options) {
      checkOptions(where, option.options, defined ? (def?.options ?? []) : undefined, autocomplete, refuse);
      continue;
    }
    if (stringTypes.includes(option.type) && typeof option.value === 'string') {
      const max = Math.min(MAX_STRING_OPTION, def?.max_length ?? MAX_STRING_OPTION);
      if (option.value.length > max) refuse('optionLength', `option ${where} is ${option.value.length} characters, over ${max}`);
      if (!option.focused && def?.min_length !== undefined && option.value.length < def.min_length) {
        refuse('optionLength', `option ${where} is ${option.value.length} characters, under its min_length ${def.min_length}`);
      }
    }
    if (!def || option.focused) {
      if (option.focused && def && !def.autocomplete) refuse('registeredCommand', `option ${where} is not registered with autocomplete`);
      continue;
    }
    if (def.choices?.length && !def.choices.some((c) => c.value === option.value)) refuse('registeredCommand', `option ${where} is not one of its registered choices`);
    if (numberTypes.includes(option.type) && typeof option.value === 'number') {
      if ((def.min_value !== undefined && option.value < def.min_value) || (def.max_value !== undefined && option.value > def.max_value)) {
        refuse('registeredCommand', `option ${where} = ${option.value} is outside its registered range`);
      }
    }
  }
  if (!defined || autocomplete) return;
  const nested = given.some((o) => o.options);
  for (const definition of defined) {
    if (!nested && 'required' in definition && definition.required && !given.some((o) => o.name === definition.name)) {
      refuse('registeredCommand', `${path} requires option ${definition.name}`);
    }
  }
}

function checkComponentClick(world: World, payload: APIInteraction & { message?: APIMessage; data?: { custom_id?: string; component_type?: number } }, refuse: Refuse): void {
  const customId = payload.data?.custom_id ?? '';
  if (customId.length > MAX_CUSTOM_ID) refuse('customIdLength', `custom_id is ${customId.length} characters, over ${MAX_CUSTOM_ID}`);
  const message = payload.message ? (world.messages.get(payload.message.id) ?? payload.message) : undefined;
  if (!message) {
    refuse('componentOnMessage', 'the click names no message');
    return;
  }
  if (message.channel_id !== payload.channel_id) {
    refuse('componentOnMessage', `message ${message.id} is in ${whereIs(world, message.channel_id)}, but the click is said to be in ${whereIs(world, payload.channel_id ?? '')}`);
  }
  type Child = { type?: number; custom_id?: string; disabled?: boolean; components?: Child[]; accessory?: Child };
  const all = (list: Child[]): Child[] => list.flatMap((c) => [c, ...all(c.components ?? []), ...(c.accessory ? [c.accessory] : [])]);
  const found = all((message.components ?? []) as Child[]).find((c) => c.custom_id === customId && c.type === (payload.data?.component_type ?? c.type));
  if (!found) refuse('componentOnMessage', `message ${message.id} has no component with custom_id ${JSON.stringify(customId.slice(0, 120))}`);
  else if (found.disabled) refuse('componentOnMessage', `the component ${JSON.stringify(customId)} of message ${message.id} is disabled`);
}

/** How a refusal names a channel: `channel general of guild B`, or `a DM`. */
function whereIs(world: World, channelId: string): string {
  const guild = world.guildOfChannel(channelId);
  return guild ? `channel ${guild.findChannel(channelId)!.name} of guild ${guild.name}` : `a DM (${channelId})`;
}

function checkBotInGuild(world: World, guildId: string | undefined, refuse: Refuse): void {
  const guild = guildId === undefined ? undefined : world.guilds.find((g) => g.id === guildId);
  if (guild && !guild.joined) refuse('botInGuild', `the bot has left guild ${guild.name}`);
}

export function checkInteraction(world: World, payload: APIInteraction, extra: readonly StandInRule[] = []): void {
  const refuse: Refuse = (rule, detail) => world.rules.incoming(rule, detail, extra);
  checkBotInGuild(world, payload.guild_id, refuse);
  const raw = payload as APIInteraction & { data?: Record<string, unknown>; message?: APIMessage; attachment_size_limit?: number };
  if (payload.type === InteractionType.MessageComponent) {
    checkComponentClick(world, raw as never, refuse);
    return;
  }
  if (payload.type !== InteractionType.ApplicationCommand && payload.type !== InteractionType.ApplicationCommandAutocomplete) return;
  const data = (raw.data ?? {}) as Record<string, unknown>;
  const name = String(data.name);
  const autocomplete = payload.type === InteractionType.ApplicationCommandAutocomplete;
  const guildId = payload.guild_id ?? null;
  const command = findCommand(world, name, guildId, refuse);
  if (command) {
    checkContexts(command, payload.context, refuse);
    if (guildId !== null) checkPermissions(command, payload.member?.permissions, refuse);
  }
  checkOptions(`/${name}`, (data.options ?? []) as GivenOption[], command ? (command.options ?? []) : undefined, autocomplete, refuse);
  const resolved = data.resolved as { attachments?: Record<string, APIAttachment> } | undefined;
  checkAttachments(world, Object.values(resolved?.attachments ?? {}), raw.attachment_size_limit ?? world.attachmentSizeLimit, refuse);
}

/** Nitro (of any kind) lets a user send 4,000 characters. */
function contentLimit(author: APIUser): number {
  return author.premium_type ? 4000 : 2000;
}

export function checkIncomingMessage(
  world: World,
  message: { guildId: string | undefined; content: string; author: APIUser; attachments: APIAttachment[] },
  extra: readonly StandInRule[] = [],
): void {
  const refuse: Refuse = (rule, detail) => world.rules.incoming(rule, detail, extra);
  checkBotInGuild(world, message.guildId, refuse);
  const limit = contentLimit(message.author);
  if (message.content.length > limit) refuse('contentLength', `the content is ${message.content.length} characters, over ${limit}`);
  checkAttachments(world, message.attachments, world.attachmentSizeLimit, refuse);
}
