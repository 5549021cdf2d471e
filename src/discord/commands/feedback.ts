import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { DEFAULT_FEEDBACK_DAYS } from '../../app/feedback.ts';
import { interactionLanguage } from '../language.ts';
import { libraryOption, libraryTarget } from '../libraryTarget.ts';
import { replyPrivately } from '../reply.ts';
import { renderFeedbackReport } from '../render/feedbackReport.ts';
import type { Command } from './command.ts';

export const feedbackCommand: Command = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('feedback')
    .setDescription('Questions that found nothing or got 👎, grouped · أسئلة بلا إجابة')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((option) => option.setName('days').setDescription(`How many days back (default ${DEFAULT_FEEDBACK_DAYS})`).setMinValue(1).setMaxValue(365))
    .addStringOption(libraryOption),

  async execute(interaction, ctx) {
    const language = interactionLanguage(interaction);
    // This server's questions only: another server's (or the shared library's, from DMs) are not its admins' to read.
    const target = libraryTarget(interaction, ctx, language);
    if (!target.ok) {
      await replyPrivately(interaction, target.message);
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const report = await ctx.app.feedbackReport(target.id, interaction.options.getInteger('days') ?? DEFAULT_FEEDBACK_DAYS);
    await interaction.editReply(renderFeedbackReport(report, language));
  },
};
