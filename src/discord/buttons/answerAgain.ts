import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { uiStrings } from '../../answer/strings.ts';
import { admitQuestion, answerForDiscord, questionLanguage } from '../askFlow.ts';
import type { BotContext } from '../botContext.ts';
import { shortHash } from '../customId.ts';
import { channelList, isAllowedChannel } from '../guards/channels.ts';
import { placeOf } from '../invoker.ts';
import { note } from '../render/message.ts';
import { replyPrivately } from '../reply.ts';

/** Short hash of the live index generation, to compare with the one a button was made for. */
export function liveGeneration(ctx: BotContext): string {
  return shortHash(ctx.app.index.snapshot?.manifest.createdAt ?? '');
}

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
  const { allowedChannelIds } = ctx.app.settings.discord;
  if (!isAllowedChannel(placeOf(interaction), allowedChannelIds)) {
    await replyPrivately(interaction, uiStrings(questionLanguage(request.question)).notAllowedHere(channelList(allowedChannelIds)));
    return;
  }
  const admission = admitQuestion(ctx, request.question, interaction.user.id);
  const s = uiStrings(admission.language);
  if (!admission.ok) {
    await replyPrivately(interaction, admission.message);
    return;
  }
  await interaction.deferReply(request.ephemeral || interaction.message.flags.has(MessageFlags.Ephemeral) ? { flags: MessageFlags.Ephemeral } : {});
  let queuedNote: Promise<unknown> | undefined;
  const result = await answerForDiscord(ctx, {
    question: request.question,
    userId: interaction.user.id,
    offset: request.offset,
    notice: request.notice,
    source: 'button',
    onQueued: () => {
      queuedNote = interaction.editReply(note(s.queued)).catch(() => undefined);
    },
  });
  await queuedNote;
  await interaction.editReply(result.ok ? result.message : note(result.message));
}
