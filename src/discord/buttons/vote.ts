import { languageOf } from '../../answer/question.ts';
import { uiStrings } from '../../answer/strings.ts';
import { scopeOf } from '../invoker.ts';
import { interactionLanguage } from '../language.ts';
import { readQuestionLine } from '../render/questionLine.ts';
import { replyPrivately } from '../reply.ts';
import type { ButtonHandler } from './button.ts';

/** 👍 / 👎 on an answer: recorded with the question and the chunks it showed. */
export const vote: ButtonHandler<'vote'> = async (interaction, action, ctx) => {
  const question = readQuestionLine(interaction.message.content);
  const language = question ? languageOf(question) : interactionLanguage(interaction);
  if (!question) {
    await replyPrivately(interaction, uiStrings(language).outdated);
    return;
  }
  const vote = { vote: action.vote, generation: action.generation, offset: action.offset, labels: action.labels, question, language, userId: interaction.user.id };
  const recorded = await ctx.app.vote(scopeOf({ guildId: interaction.guildId, userId: interaction.user.id }), vote);
  await replyPrivately(interaction, recorded === 'recorded' ? uiStrings(language).thanks : uiStrings(language).outdated);
};
