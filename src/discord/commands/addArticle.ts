import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { uiStrings, type UiStrings } from '../../answer/strings.ts';
import type { AddArticleResult, UploadProblem } from '../../app/articles.ts';
import { downloadAttachment } from '../downloadAttachment.ts';
import { interactionLanguage } from '../language.ts';
import { libraryOption, libraryTarget } from '../libraryTarget.ts';
import { isolate } from '../render/bidi.ts';
import { escapeText } from '../render/limits.ts';
import { note } from '../render/message.ts';
import { deliverLate, replyPrivately } from '../reply.ts';
import type { Command } from './command.ts';

function problemText(problem: UploadProblem, s: UiStrings): string {
  return problem.reason === 'file-type' ? s.addArticleFileType(problem.extensions.join(', ')) : s.articleTooLarge(problem.bytes, problem.max);
}

function resultText(result: AddArticleResult, s: UiStrings): string {
  switch (result.status) {
    case 'added':
      return s.articleAdded(isolate(escapeText(result.title)), `\`${result.id}\``, `\`${result.file}\``, result.chunks);
    case 'duplicate':
      return s.articleDuplicate(isolate(escapeText(result.title)), `\`${result.id}\``);
    case 'not-indexed':
      return s.articleSavedNotIndexed(`\`${result.file}\``);
  }
}

export const addArticleCommand: Command = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('add-article')
    .setDescription('Add an article from a file or a web address · أضف مقالًا')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addAttachmentOption((option) => option.setName('file').setDescription('The article: a UTF-8 .md, .txt or .html file'))
    .addStringOption((option) => option.setName('url').setDescription('The address (http or https) of the article page'))
    .addStringOption(libraryOption),

  async execute(interaction, ctx) {
    const language = interactionLanguage(interaction);
    const s = uiStrings(language);
    const target = libraryTarget(interaction, ctx, language);
    if (!target.ok) {
      await replyPrivately(interaction, target.message);
      return;
    }
    const file = interaction.options.getAttachment('file');
    const url = interaction.options.getString('url')?.trim();
    if (Boolean(file) === Boolean(url)) {
      await replyPrivately(interaction, s.addArticleChoose);
      return;
    }
    const problem = file && ctx.app.uploadProblem({ name: file.name, size: file.size });
    if (problem) {
      await replyPrivately(interaction, problemText(problem, s));
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const maxBytes = ctx.app.settings.discord.maxUploadBytes;
    const source = file
      ? { file: { bytes: await downloadAttachment(file, { maxBytes, timeoutMs: ctx.timings.attachmentTimeoutMs }), name: file.name } }
      : { url: url! };
    await deliverLate(interaction, note(resultText(await ctx.app.addArticle(source, target.id), s)), ctx.logger);
  },
};
