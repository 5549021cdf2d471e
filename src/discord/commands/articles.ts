import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { scopeOf } from '../invoker.ts';
import { interactionLanguage } from '../language.ts';
import { renderArticlesPage } from '../render/articlesPage.ts';
import type { Command } from './command.ts';

export const articlesCommand: Command = {
  data: new SlashCommandBuilder()
    .setName('articles')
    .setDescription('List the indexed articles · المقالات المفهرسة')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),

  async execute(interaction, ctx) {
    const articles = await ctx.app.articles(scopeOf({ guildId: interaction.guildId, userId: interaction.user.id }));
    await interaction.reply({ ...renderArticlesPage(articles, 0, interactionLanguage(interaction)), flags: MessageFlags.Ephemeral });
  },
};
