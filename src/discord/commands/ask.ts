import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { languageOf } from '../../answer/question.ts';
import { uiStrings } from '../../answer/strings.ts';
import { askOnDiscord } from '../askFlow.ts';
import { channelList, isAllowedChannel } from '../guards/channels.ts';
import { placeOf, scopeOf } from '../invoker.ts';
import { interactionChannel } from '../reply.ts';
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
    const channel = interactionChannel(interaction, { ephemeral: interaction.options.getBoolean('private') ?? false });
    if (!isAllowedChannel(placeOf(interaction), allowedChannelIds)) {
      await channel.refuse(uiStrings(languageOf(question)).notAllowedHere(channelList(allowedChannelIds)), false);
      return;
    }
    await askOnDiscord(ctx, { question, userId: interaction.user.id, scope: scopeOf({ guildId: interaction.guildId, userId: interaction.user.id }), source: 'slash' }, channel);
  },
};
