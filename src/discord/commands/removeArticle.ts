import fs from 'node:fs/promises';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { uiStrings } from '../../answer/strings.ts';
import { corpusFilePath } from '../../corpus/saveArticle.ts';
import { normalizeForMatching } from '../../text/normalize.ts';
import { interactionLanguage } from '../language.ts';
import { isolate } from '../render/bidi.ts';
import { clip, discordLimits, escapeText } from '../render/limits.ts';
import { note } from '../render/message.ts';
import { replyPrivately } from '../reply.ts';
import type { Command } from './command.ts';

export const removeArticleCommand: Command = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('remove-article')
    .setDescription('Remove an article from the corpus and the index · احذف مقالًا')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => option.setName('id').setDescription('The article (type to search titles and ids)').setRequired(true).setAutocomplete(true)),

  async autocomplete(interaction, ctx) {
    const typed = normalizeForMatching(interaction.options.getFocused());
    const choices = (ctx.app.index.snapshot?.articles ?? [])
      .filter((article) => article.id.length <= discordLimits.choiceName)
      .filter((article) => !typed || normalizeForMatching(`${article.title} ${article.id}`).includes(typed))
      .slice(0, discordLimits.autocompleteChoices)
      .map((article) => ({ name: clip(`${article.title} · ${article.id}`, discordLimits.choiceName), value: article.id }));
    await interaction.respond(choices);
  },

  async execute(interaction, ctx) {
    const s = uiStrings(interactionLanguage(interaction));
    const id = interaction.options.getString('id', true);
    const entry = ctx.app.index.snapshot?.article(id);
    if (!entry) {
      await replyPrivately(interaction, s.articleUnknown(`\`${escapeText(clip(id, 100))}\``));
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await fs.rm(corpusFilePath(ctx.app.settings.corpusDir, entry.file), { force: true });
    ctx.logger.info({ event: 'article removed', id: entry.id, file: entry.file }, 'article removed from the corpus');
    await ctx.app.index.reindex();
    await interaction.editReply(note(s.articleRemoved(isolate(escapeText(entry.title)), `\`${entry.id}\``)));
  },
};
