import { uiStrings } from '../../answer/strings.ts';
import { hashUserId } from '../../feedback/hashUserId.ts';
import { questionLanguage } from '../askFlow.ts';
import { interactionLanguage } from '../language.ts';
import { readQuestionLine } from '../render/questionLine.ts';
import { replyPrivately } from '../reply.ts';
import { liveGeneration } from './answerAgain.ts';
import type { ButtonHandler } from './button.ts';

/** 👍 / 👎: written to the feedback log with the question, the chunks shown and a hash of the voter. */
export const vote: ButtonHandler<'vote'> = async (interaction, action, ctx) => {
  const question = readQuestionLine(interaction.message.content);
  const language = question ? questionLanguage(question) : interactionLanguage(interaction);
  if (!question) {
    await replyPrivately(interaction, uiStrings(language).outdated);
    return;
  }
  // Labels name chunks of the generation the answer came from; after a reindex they may name others.
  const chunkIds =
    action.generation === liveGeneration(ctx) && action.labels.length > 0
      ? await ctx.app.index.use(async (snapshot) => (snapshot ? (await snapshot.chunks(action.labels)).map((chunk) => chunk.id) : []))
      : [];
  await ctx.feedback.append({
    type: 'vote',
    vote: action.vote,
    offset: action.offset,
    chunkIds,
    at: new Date(ctx.clock.now()).toISOString(),
    question,
    language,
    generation: action.generation,
    user: hashUserId(interaction.user.id),
  });
  ctx.logger.info({ event: 'feedback', vote: action.vote, language }, 'answer rated');
  await replyPrivately(interaction, uiStrings(language).thanks);
};
