import path from 'node:path';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { uiStrings } from '../../answer/strings.ts';
import { fetchArticle } from '../../corpus/fetchArticle.ts';
import { articleExtensions } from '../../corpus/parseArticle.ts';
import { saveArticle, type ArticleUpload } from '../../corpus/saveArticle.ts';
import { downloadAttachment } from '../downloadAttachment.ts';
import { interactionLanguage } from '../language.ts';
import { isolate } from '../render/bidi.ts';
import { escapeText } from '../render/limits.ts';
import { note } from '../render/message.ts';
import { replyPrivately } from '../reply.ts';
import type { Command } from './command.ts';

export const addArticleCommand: Command = {
  admin: true,
  data: new SlashCommandBuilder()
    .setName('add-article')
    .setDescription('Add an article from a file or a web address · أضف مقالًا')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addAttachmentOption((option) => option.setName('file').setDescription('The article: a UTF-8 .md, .txt or .html file'))
    .addStringOption((option) => option.setName('url').setDescription('The address (http or https) of the article page')),

  async execute(interaction, ctx) {
    const s = uiStrings(interactionLanguage(interaction));
    const { settings } = ctx.app;
    const file = interaction.options.getAttachment('file');
    const url = interaction.options.getString('url')?.trim();
    if (Boolean(file) === Boolean(url)) {
      await replyPrivately(interaction, s.addArticleChoose);
      return;
    }
    if (file && !(path.extname(file.name).toLowerCase() in articleExtensions)) {
      await replyPrivately(interaction, s.addArticleFileType(Object.keys(articleExtensions).join(', ')));
      return;
    }
    if (file && file.size > settings.discord.maxUploadBytes) {
      await replyPrivately(interaction, s.articleTooLarge(file.size, settings.discord.maxUploadBytes));
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const maxBytes = settings.discord.maxUploadBytes;
    let upload: ArticleUpload;
    if (file) {
      upload = { bytes: await downloadAttachment(file, { maxBytes, timeoutMs: ctx.timings.attachmentTimeoutMs }), fileName: file.name };
    } else {
      const fetched = await fetchArticle(url!, { maxBytes, timeoutMs: settings.discord.urlFetchTimeoutSeconds * 1000, allowPrivate: settings.discord.allowPrivateUrls });
      upload = { bytes: fetched.bytes, fileName: fetched.fileName, sourceUrl: fetched.url };
    }
    const saved = await saveArticle(upload, { corpusDir: settings.corpusDir, maxBytes, indexed: ctx.app.index.snapshot?.articles ?? [] });
    if (saved.status === 'duplicate') {
      await interaction.editReply(note(s.articleDuplicate(isolate(escapeText(saved.title)), `\`${saved.id}\``)));
      return;
    }
    ctx.logger.info({ event: 'article added', id: saved.article.id, file: saved.file, from: file ? 'file' : 'url' }, 'article saved to the corpus');
    await ctx.app.index.reindex();
    const entry = ctx.app.index.snapshot?.article(saved.article.id);
    await interaction.editReply(
      note(
        entry
          ? s.articleAdded(isolate(escapeText(entry.title)), `\`${entry.id}\``, `\`${saved.file}\``, entry.labels.length)
          : s.articleSavedNotIndexed(`\`${saved.file}\``),
      ),
    );
  },
};
