import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { interactionLanguage } from '../language.ts';
import { renderArticlesPage } from '../render/articlesPage.ts';
import type { Command } from './command.ts';

export const articlesCommand: Command = {
  data: new SlashCommandBuilder()
    .setName('articles')
    .setDescription('List the indexed articles · المقالات المفهرسة')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),

  async execute(interaction, ctx) {
    await interaction.reply({ ...renderArticlesPage(ctx.app.articles(), 0, interactionLanguage(interaction)), flags: MessageFlags.Ephemeral });
  },
};
