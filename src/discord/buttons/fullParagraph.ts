import { MessageFlags } from 'discord.js';
import { languageOf } from '../../answer/question.ts';
import { uiStrings } from '../../answer/strings.ts';
import { scopeOf } from '../invoker.ts';
import { interactionLanguage } from '../language.ts';
import { renderParagraph } from '../render/paragraphMessage.ts';
import { readQuestionLine } from '../render/questionLine.ts';
import { replyPrivately } from '../reply.ts';
import { answerAgain } from './answerAgain.ts';
import type { ButtonHandler } from './button.ts';

/** "Full paragraph": the cited paragraph in full, shown to the clicker only. */
export const fullParagraph: ButtonHandler<'paragraph'> = async (interaction, action, ctx) => {
  const question = readQuestionLine(interaction.message.content);
  const language = question ? languageOf(question) : interactionLanguage(interaction);
  const s = uiStrings(language);
  const scope = scopeOf({ guildId: interaction.guildId, userId: interaction.user.id });
  const result = await ctx.app.paragraph(scope, { generation: action.generation, library: action.library, article: action.article, paragraph: action.paragraph });
  if (result.status === 'stale') {
    if (!question) await replyPrivately(interaction, s.outdated);
    else await answerAgain(interaction, ctx, { question, offset: 0, notice: s.indexChanged, ephemeral: true });
    return;
  }
  if (result.status === 'gone') await replyPrivately(interaction, s.paragraphGone);
  else await interaction.reply({ ...renderParagraph(result.text, result.sentences, result.citation, language), flags: MessageFlags.Ephemeral });
};
