import { uiStrings } from '../../answer/strings.ts';
import { questionLanguage } from '../askFlow.ts';
import { interactionLanguage } from '../language.ts';
import { readQuestionLine } from '../render/questionLine.ts';
import { replyPrivately } from '../reply.ts';
import { answerAgain, liveGeneration } from './answerAgain.ts';
import type { ButtonHandler } from './button.ts';

/** "More passages": the next page of the same question, or a fresh answer when the index changed. */
export const morePassages: ButtonHandler<'more'> = async (interaction, action, ctx) => {
  const question = readQuestionLine(interaction.message.content);
  if (!question) {
    await replyPrivately(interaction, uiStrings(interactionLanguage(interaction)).outdated);
    return;
  }
  const stale = action.generation !== liveGeneration(ctx);
  await answerAgain(interaction, ctx, {
    question,
    offset: stale ? 0 : action.offset,
    notice: stale ? uiStrings(questionLanguage(question)).indexChanged : undefined,
    ephemeral: false,
  });
};
