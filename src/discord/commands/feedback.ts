import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { buildFeedbackReport, DEFAULT_FEEDBACK_DAYS } from '../../feedback/feedbackReport.ts';
import { interactionLanguage } from '../language.ts';
import { renderFeedbackReport } from '../render/feedbackReport.ts';
import type { Command } from './command.ts';

export const feedbackCommand: Command = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('feedback')
    .setDescription('Questions that found nothing or got 👎, grouped · أسئلة بلا إجابة')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((option) => option.setName('days').setDescription(`How many days back (default ${DEFAULT_FEEDBACK_DAYS})`).setMinValue(1).setMaxValue(365)),

  async execute(interaction, ctx) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { records } = await ctx.feedback.read();
    const report = buildFeedbackReport(records, { days: interaction.options.getInteger('days') ?? DEFAULT_FEEDBACK_DAYS, now: ctx.clock.now() });
    await interaction.editReply(renderFeedbackReport(report, interactionLanguage(interaction)));
  },
};
