import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { languageOf } from '../../answer/question.ts';
import { uiStrings } from '../../answer/strings.ts';
import { askOnDiscord } from '../askFlow.ts';
import type { BotContext } from '../botContext.ts';
import { channelList, isAllowedChannel } from '../guards/channels.ts';
import { placeOf, scopeOf } from '../invoker.ts';
import { interactionChannel } from '../reply.ts';

/**
 * Answers the question of the message a button is on, in a new message: the next page, or a
 * fresh first page with a note when the index changed since the button was made. The new
 * message is private when the one clicked was.
 */
export async function answerAgain(
  interaction: ButtonInteraction,
  ctx: BotContext,
  request: { question: string; offset: number; notice?: string | undefined; ephemeral: boolean },
): Promise<void> {
  const ephemeral = request.ephemeral || interaction.message.flags.has(MessageFlags.Ephemeral);
  const channel = interactionChannel(interaction, { ephemeral });
  const { allowedChannelIds } = ctx.app.settings.discord;
  if (!isAllowedChannel(placeOf(interaction), allowedChannelIds)) {
    await channel.refuse(uiStrings(languageOf(request.question)).notAllowedHere(channelList(allowedChannelIds)), false);
    return;
  }
  const scope = scopeOf({ guildId: interaction.guildId, userId: interaction.user.id });
  await askOnDiscord(ctx, { question: request.question, userId: interaction.user.id, scope, offset: request.offset, notice: request.notice, source: 'button' }, channel);
}
