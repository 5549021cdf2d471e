import type { UiLanguage } from '../answer/strings.ts';
import type { FeedbackStore } from '../feedback/feedbackLog.ts';
import { buildFeedbackReport, type FeedbackReport } from '../feedback/feedbackReport.ts';
import { hashUserId } from '../feedback/hashUserId.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { shortKey } from './keys.ts';
import { liveGeneration, withSnapshots, type LibraryTag, type ScopedLibrary } from './scope.ts';
import type { SearchSource } from '../search/retrieve.ts';

/** A chunk an answer showed: its label in the generation of its library that answered. */
export interface ShownChunk {
  library: LibraryTag;
  label: number;
}

export interface VoteRequest {
  vote: 'up' | 'down';
  /** Short key of the generations that answered ({@link shortKey}). */
  generation: string;
  /** Rank of the first passage of the page voted on. */
  offset: number;
  /** The chunks the page showed. */
  labels: ShownChunk[];
  question: string;
  language: UiLanguage;
  userId: string;
}

interface VoteParts {
  /** The libraries the question's scope asks. */
  scoped: ScopedLibrary[];
  /** The scope's feedback. */
  feedback: FeedbackStore;
  clock: Clock;
  logger: Logger;
}

/** The ids of the chunks shown, or undefined when one of them cannot be: a label of no chunk, or of a library the scope does not ask. */
async function shownChunkIds(sources: SearchSource[], shown: ShownChunk[]): Promise<string[] | undefined> {
  const ids: string[] = [];
  for (const { library, label } of shown) {
    const snapshot = sources.find((source) => source.tag === library)?.snapshot;
    if (!snapshot || !(await snapshot.hasChunks([label]))) return undefined;
    ids.push((await snapshot.chunks([label]))[0]!.id);
  }
  return ids;
}

/**
 * 👍 / 👎: written to the scope's feedback log with the question, the chunks shown and a hash of the
 * voter. 'forged' when the chunks cannot have come from an answer of the live generations (nothing is written).
 */
export async function recordVote(request: VoteRequest, parts: VoteParts): Promise<'recorded' | 'forged'> {
  // Labels name chunks of the generations the answer came from; after a reindex they may name others.
  const live = request.generation === shortKey(liveGeneration(parts.scoped));
  const chunkIds = live && request.labels.length > 0 ? await withSnapshots(parts.scoped, (sources) => shownChunkIds(sources, request.labels)) : [];
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
export async function feedbackReport(feedback: FeedbackStore, days: number, now: number): Promise<FeedbackReport & { skippedLines: number }> {
  const { records, skippedLines } = await feedback.read();
  return { ...buildFeedbackReport(records, { days, now }), skippedLines };
}

export { DEFAULT_FEEDBACK_DAYS, formatFeedbackReport, type FeedbackReport } from '../feedback/feedbackReport.ts';
