import { MessageFlags } from 'discord.js';
import { uiStrings } from '../../answer/strings.ts';
import { questionLanguage } from '../askFlow.ts';
import { shortHash } from '../customId.ts';
import { interactionLanguage } from '../language.ts';
import { paragraphText } from '../paragraphText.ts';
import { renderParagraph } from '../render/paragraphMessage.ts';
import { readQuestionLine } from '../render/questionLine.ts';
import { replyPrivately } from '../reply.ts';
import { answerAgain, liveGeneration } from './answerAgain.ts';
import type { ButtonHandler } from './button.ts';

/** "Full paragraph": the cited paragraph in full, shown to the clicker only. */
export const fullParagraph: ButtonHandler<'paragraph'> = async (interaction, action, ctx) => {
  const question = readQuestionLine(interaction.message.content);
  const language = question ? questionLanguage(question) : interactionLanguage(interaction);
  const s = uiStrings(language);
  if (action.generation !== liveGeneration(ctx)) {
    if (!question) await replyPrivately(interaction, s.outdated);
    else await answerAgain(interaction, ctx, { question, offset: 0, notice: s.indexChanged, ephemeral: true });
    return;
  }
  const shown = await ctx.app.index.use(async (snapshot) => {
    const entry = snapshot?.articles.find((article) => shortHash(article.id) === action.article);
    const paragraph = entry && (await paragraphText(snapshot!, entry.id, action.paragraph));
    if (!entry || !paragraph) return undefined;
    const citation = {
      articleId: entry.id,
      title: entry.title,
      section: paragraph.section,
      paragraphs: [action.paragraph],
      url: entry.url,
      source: entry.source,
      published: entry.published,
    };
    return renderParagraph(paragraph.text, citation, language);
  });
  if (!shown) await replyPrivately(interaction, s.paragraphGone);
  else await interaction.reply({ ...shown, flags: MessageFlags.Ephemeral });
};
