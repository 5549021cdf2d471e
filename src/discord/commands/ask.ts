import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { uiStrings } from '../../answer/strings.ts';
import { admitQuestion, answerForDiscord, questionLanguage } from '../askFlow.ts';
import { channelList, isAllowedChannel } from '../guards/channels.ts';
import { placeOf } from '../invoker.ts';
import { note } from '../render/message.ts';
import { replyPrivately } from '../reply.ts';
import type { Command } from './command.ts';

export const askCommand: Command = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the indexed news articles · اسأل عن المقالات')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((option) => option.setName('question').setDescription('Your question, in Arabic or English · سؤالك').setRequired(true))
    .addBooleanOption((option) => option.setName('private').setDescription('Show the answer to you only · إجابة تراها وحدك')),

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true);
    const { allowedChannelIds } = ctx.app.settings.discord;
    if (!isAllowedChannel(placeOf(interaction), allowedChannelIds)) {
      const s = uiStrings(questionLanguage(question));
      await replyPrivately(interaction, s.notAllowedHere(channelList(allowedChannelIds)));
      return;
    }
    const admission = admitQuestion(ctx, question, interaction.user.id);
    const s = uiStrings(admission.language);
    if (!admission.ok) {
      await replyPrivately(interaction, admission.message);
      return;
    }
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    let queuedNote: Promise<unknown> | undefined;
    const result = await answerForDiscord(ctx, {
      question,
      userId: interaction.user.id,
      source: 'slash',
      onQueued: () => {
        queuedNote = interaction.editReply(note(s.queued)).catch(() => undefined);
      },
    });
    await queuedNote;
    if (result.ok) {
      await interaction.editReply(result.message);
      return;
    }
    // app.ask refuses what admitQuestion already refused, so this is a safety net: the refusal still goes to the asker alone.
    await interaction.deleteReply();
    await interaction.followUp({ ...note(result.message), flags: MessageFlags.Ephemeral });
  },
};
