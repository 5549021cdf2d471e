import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type RepliableInteraction } from 'discord.js';
import { hashUserId } from '../app/keys.ts';
import { uiStrings, type UiLanguage } from '../answer/strings.ts';
import { UserFacingError } from '../errors.ts';
import type { Logger } from '../util/logger.ts';
import type { AskChannel } from './askFlow.ts';
import { note, type RenderedMessage } from './render/message.ts';

/** A short note only the user sees: a reply, or a follow-up once the interaction was answered. */
export async function replyPrivately(interaction: RepliableInteraction, text: string): Promise<void> {
  const body = { ...note(text), flags: MessageFlags.Ephemeral as const };
  if (interaction.deferred && !interaction.replied) await interaction.editReply(note(text));
  else if (interaction.replied) await interaction.followUp(body);
  else await interaction.reply(body);
}

/** Discord refuses an interaction's token 15 minutes after the interaction: no edit or follow-up after that. */
function isExpiredToken(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.InvalidWebhookToken || error.code === RESTJSONErrorCodes.UnknownWebhook);
}

/**
 * The last word of a command that may run long (a reindex of a large corpus): the deferred reply is
 * edited, or, once the interaction's token has expired, the result goes to the user in a direct message.
 */
export async function deliverLate(interaction: RepliableInteraction, rendered: RenderedMessage, logger: Logger): Promise<void> {
  try {
    await interaction.editReply(rendered);
  } catch (error) {
    if (!isExpiredToken(error)) throw error;
    logger.info({ user: hashUserId(interaction.user.id) }, 'the interaction expired before its result was ready; sending it as a direct message');
    await interaction.user.send(rendered).catch((dmError: unknown) => logger.warn({ err: dmError }, 'could not send the result as a direct message either'));
  }
}

/**
 * A question asked through an interaction (a slash command or a button): refusals are private
 * replies, the answer is the deferred reply's edit, public unless `ephemeral`.
 */
export function interactionChannel(interaction: RepliableInteraction, options: { ephemeral: boolean }): AskChannel {
  let queuedNote: Promise<unknown> | undefined;
  return {
    refuse: (text) => replyPrivately(interaction, text),
    accept: () => interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    queued: (rendered: RenderedMessage) => {
      queuedNote = interaction.editReply(rendered).catch(() => undefined);
    },
    deliver: async (rendered: RenderedMessage) => {
      await queuedNote;
      await interaction.editReply(rendered);
    },
  };
}

/**
 * The edge of every interaction: an error a user can act on is shown to them as it is; anything
 * else is a bug, logged with its context, and the user gets a short apology.
 */
export async function reportFailure(interaction: RepliableInteraction, error: unknown, logger: Logger, language: UiLanguage): Promise<void> {
  const actionable = error instanceof UserFacingError;
  if (!actionable) {
    logger.error(
      {
        err: error,
        interaction: interaction.isChatInputCommand() ? `/${interaction.commandName}` : interaction.isButton() ? interaction.customId : interaction.type,
        user: interaction.user?.id ? hashUserId(interaction.user.id) : undefined,
        guild: interaction.guildId,
      },
      'interaction failed',
    );
  }
  try {
    await replyPrivately(interaction, actionable ? error.message : uiStrings(language).failed);
  } catch (replyError) {
    logger.warn({ err: replyError }, 'could not tell the user an interaction failed');
  }
}
