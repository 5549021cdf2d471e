import type { UiLanguage } from '../answer/strings.ts';
import type { FeedbackLog } from '../feedback/feedbackLog.ts';
import { buildFeedbackReport, type FeedbackReport } from '../feedback/feedbackReport.ts';
import { hashUserId } from '../feedback/hashUserId.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { LiveIndex } from './liveIndex.ts';

export interface VoteRequest {
  vote: 'up' | 'down';
  /** Short key of the generation that answered ({@link shortKey}). */
  generation: string;
  /** Rank of the first passage of the page voted on. */
  offset: number;
  /** Chunk labels the page showed, in that generation. */
  labels: number[];
  question: string;
  language: UiLanguage;
  userId: string;
}

interface VoteParts {
  index: LiveIndex;
  feedback: FeedbackLog;
  clock: Clock;
  logger: Logger;
  /** Short key of the live generation. */
  liveKey: string;
}

/**
 * 👍 / 👎: written to the feedback log with the question, the chunks shown and a hash of the voter.
 * 'forged' when the labels cannot have come from an answer of the live generation (nothing is written).
 */
export async function recordVote(request: VoteRequest, parts: VoteParts): Promise<'recorded' | 'forged'> {
  // Labels name chunks of the generation the answer came from; after a reindex they may name others.
  const chunkIds =
    request.generation === parts.liveKey && request.labels.length > 0
      ? await parts.index.use(async (snapshot) =>
          snapshot && request.labels.every((label) => snapshot.hasChunk(label)) ? (await snapshot.chunks(request.labels)).map((chunk) => chunk.id) : undefined,
        )
      : [];
  if (!chunkIds) return 'forged';
  await parts.feedback.append({
    type: 'vote',
    vote: request.vote,
    offset: request.offset,
    chunkIds,
    at: new Date(parts.clock.now()).toISOString(),
    question: request.question,
    language: request.language,
    generation: request.generation,
    user: hashUserId(request.userId),
  });
  parts.logger.info({ event: 'feedback', vote: request.vote, language: request.language }, 'answer rated');
  return 'recorded';
}

/** The questions of the last `days` that found nothing or got 👎, grouped; and how many lines of the log could not be read. */
export async function feedbackReport(feedback: FeedbackLog, days: number, now: number): Promise<FeedbackReport & { skippedLines: number }> {
  const { records, skippedLines } = await feedback.read();
  return { ...buildFeedbackReport(records, { days, now }), skippedLines };
}

export { DEFAULT_FEEDBACK_DAYS, formatFeedbackReport, type FeedbackReport } from '../feedback/feedbackReport.ts';
