import { languageOf } from '../../answer/question.ts';
import { uiStrings } from '../../answer/strings.ts';
import { scopeOf } from '../invoker.ts';
import { interactionLanguage } from '../language.ts';
import { readQuestionLine } from '../render/questionLine.ts';
import { replyPrivately } from '../reply.ts';
import { answerAgain } from './answerAgain.ts';
import type { ButtonHandler } from './button.ts';

/** "More passages": the next page of the same question, or a fresh answer when the index changed. */
export const morePassages: ButtonHandler<'more'> = async (interaction, action, ctx) => {
  const question = readQuestionLine(interaction.message.content);
  if (!question) {
    await replyPrivately(interaction, uiStrings(interactionLanguage(interaction)).outdated);
    return;
  }
  const stale = action.generation !== (await ctx.app.liveGenerationKey(scopeOf({ guildId: interaction.guildId, userId: interaction.user.id })));
  await answerAgain(interaction, ctx, {
    question,
    offset: stale ? 0 : action.offset,
    notice: stale ? uiStrings(languageOf(question)).indexChanged : undefined,
    ephemeral: false,
  });
};
