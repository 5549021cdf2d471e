import { answerQuestion, emptyIndexAnswer, type Answer } from '../answer/answerQuestion.ts';
import { prepareQuestion } from '../answer/question.ts';
import { uiStrings, type UiLanguage } from '../answer/strings.ts';
import type { Settings } from '../config/settings.ts';
import type { ModelHolder } from '../embed/modelHolder.ts';
import { hashUserId } from '../feedback/hashUserId.ts';
import type { RetrievalOptions } from '../search/retrieve.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { shortKey } from './keys.ts';
import type { Libraries } from './libraries.ts';
import type { QuestionQueue } from './questionQueue.ts';
import type { RateLimiter } from './rateLimiter.ts';
import { feedbackLibrary, librariesOf, localScope, queueKey, withSnapshots, type Scope } from './scope.ts';

/** A question that passed admission: clean text, the asker's language, and who asked. */
export interface AdmittedQuestion {
  text: string;
  language: UiLanguage;
  userId: string | undefined;
}

export type RefusalReason = 'stopping' | 'empty' | 'too-long' | 'rate-limited';

export type Admission =
  | { ok: true; question: AdmittedQuestion }
  /** `repeated`: the asker was already told so during this wait (a transport that refuses in public may stay silent). */
  | { ok: false; reason: RefusalReason; language: UiLanguage; message: string; repeated?: boolean };

export type AskResult = { ok: true; answer: Answer } | { ok: false; reason: RefusalReason; language: UiLanguage; message: string };

export interface AskOptions {
  /** Where it is asked (the command line when left out): which libraries answer, and whose feedback it is. */
  scope?: Scope;
  /** An earlier question this one follows up on. */
  context?: string | undefined;
  /** Rank of the first passage wanted (for "more passages"). */
  offset?: number;
  /** Where the question came from, for the logs. */
  source?: string;
  /** Called at once when the question has to wait for a free slot. */
  onQueued?: () => void;
}

/**
 * Whether a question is taken, before any reply is sent: not while stopping, not empty or too
 * long, and within the asker's rate limit (which it then counts against). Refusals are messages
 * in the question's language, meant for the asker alone.
 */
export function admitQuestion(
  request: { question: string; userId?: string | undefined },
  parts: { stopping: boolean; maxChars: number; limiter: RateLimiter },
): Admission {
  const prepared = prepareQuestion(request.question, parts.maxChars);
  const { language } = prepared;
  const s = uiStrings(language);
  if (parts.stopping) return { ok: false, reason: 'stopping', language, message: s.stopping };
  if (!prepared.ok) return { ok: false, reason: prepared.reason, language, message: prepared.message };
  if (request.userId !== undefined) {
    const decision = parts.limiter.take(request.userId);
    if (!decision.ok) {
      const message = s.rateLimited(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
      return { ok: false, reason: 'rate-limited', language, message, repeated: !parts.limiter.firstRefusal(request.userId, decision.retryAfterMs) };
    }
  }
  return { ok: true, question: { text: prepared.text, language, userId: request.userId } };
}

export interface AskParts {
  libraries: Libraries;
  settings: Settings;
  models: ModelHolder;
  retrieval: RetrievalOptions;
  questions: QuestionQueue;
  logger: Logger;
  clock: Clock;
}

/** Answers through the question queue (its scope's turn in it); logs the question and records one that found nothing. */
export async function answerAdmitted(question: AdmittedQuestion, options: AskOptions, parts: AskParts): Promise<Answer> {
  const started = parts.clock.now();
  const scope = options.scope ?? localScope;
  const answer = await parts.questions.run(() => search(question, scope, options, parts), options.onQueued, queueKey(scope));
  parts.logger.info(
    {
      event: 'question',
      source: options.source,
      scope: scope.kind,
      language: answer.language,
      status: answer.status,
      mode: answer.mode,
      offset: answer.offset,
      passages: answer.passages.length,
      followUp: options.context !== undefined,
      ms: parts.clock.now() - started,
    },
    'question answered',
  );
  if (answer.status === 'not-found' && answer.offset === 0) await recordNotFound(answer, question, scope, parts);
  return answer;
}

async function search(question: AdmittedQuestion, scope: Scope, options: AskOptions, parts: AskParts): Promise<Answer> {
  const embedder = parts.models.current();
  const request = { question: question.text, language: question.language, context: options.context, offset: options.offset ?? 0 };
  const scoped = await librariesOf(scope, parts.libraries, parts.settings);
  return withSnapshots(scoped, async (sources) =>
    sources.length > 0 ? answerQuestion(request, sources, embedder, parts.retrieval) : emptyIndexAnswer(request, embedder ? 'hybrid' : 'lexical', ''),
  );
}

async function recordNotFound(answer: Answer, question: AdmittedQuestion, scope: Scope, parts: AskParts): Promise<void> {
  const feedback = parts.libraries.feedback(feedbackLibrary(scope));
  await feedback
    .append({
      type: 'not-found',
      at: new Date(parts.clock.now()).toISOString(),
      question: answer.question,
      language: answer.language,
      generation: shortKey(answer.generation),
      user: hashUserId(question.userId ?? 'local'),
    })
    .catch((error: unknown) => parts.logger.error({ err: error, library: feedbackLibrary(scope) }, 'could not record an unanswered question as feedback'));
}
