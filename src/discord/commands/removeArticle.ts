import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { uiStrings } from '../../answer/strings.ts';
import { isArticleId } from '../../app/articles.ts';
import { interactionLanguage } from '../language.ts';
import { libraryOption, libraryTarget } from '../libraryTarget.ts';
import { isolate } from '../render/bidi.ts';
import { clip, discordLimits, escapeText } from '../render/limits.ts';
import { note } from '../render/message.ts';
import { deliverLate, replyPrivately } from '../reply.ts';
import type { Command } from './command.ts';

export const removeArticleCommand: Command = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('remove-article')
    .setDescription('Remove an article from the corpus and the index · احذف مقالًا')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => option.setName('id').setDescription('The article (type to search titles and ids)').setRequired(true).setAutocomplete(true))
    .addStringOption(libraryOption),

  async autocomplete(interaction, ctx) {
    // Only the articles of the library the command would act on: this server's, or the shared one for an operator.
    const target = libraryTarget(interaction, ctx, 'en');
    const articles = target.ok ? await ctx.app.libraryArticles(target.id, interaction.options.getFocused()) : [];
    const choices = articles
      .filter((article) => article.id.length <= discordLimits.choiceName)
      .slice(0, discordLimits.autocompleteChoices)
      .map((article) => ({ name: clip(`${article.title} · ${article.id}`, discordLimits.choiceName), value: article.id }));
    await interaction.respond(choices);
  },

  async execute(interaction, ctx) {
    const language = interactionLanguage(interaction);
    const s = uiStrings(language);
    const target = libraryTarget(interaction, ctx, language);
    if (!target.ok) {
      await replyPrivately(interaction, target.message);
      return;
    }
    const id = interaction.options.getString('id', true);
    // Only an id-shaped value is echoed (inside a code span, where escaping does nothing).
    if (!isArticleId(id)) {
      await replyPrivately(interaction, s.articleIdInvalid);
      return;
    }
    if (!(await ctx.app.libraryArticles(target.id)).some((article) => article.id === id)) {
      await replyPrivately(interaction, s.articleUnknown(`\`${id}\``));
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await ctx.app.removeArticle(id, target.id);
    await deliverLate(interaction, note(result.status === 'removed' ? s.articleRemoved(isolate(escapeText(result.title)), `\`${result.id}\``) : s.articleUnknown(`\`${id}\``)), ctx.logger);
  },
};
