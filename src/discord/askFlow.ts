import type { Answer } from '../answer/answerQuestion.ts';
import { prepareQuestion } from '../answer/question.ts';
import { uiStrings, type UiLanguage } from '../answer/strings.ts';
import { hashUserId } from '../feedback/hashUserId.ts';
import type { BotContext } from './botContext.ts';
import { shortHash } from './customId.ts';
import { renderAnswer } from './render/answerMessage.ts';
import type { RenderedMessage } from './render/message.ts';

export type Admission = { ok: true; language: UiLanguage } | { ok: false; language: UiLanguage; message: string };

/** The language to speak to the asker in, from the question alone. */
export function questionLanguage(question: string): UiLanguage {
  return prepareQuestion(question, Number.MAX_SAFE_INTEGER).language;
}

/**
 * Whether a question is taken, before any reply is sent: not while stopping, not empty or too
 * long, and within the asker's rate limit (which it then counts against). Refusals are messages
 * in the question's language, meant to be shown only to the asker.
 */
export function admitQuestion(ctx: BotContext, question: string, userId: string): Admission {
  const prepared = prepareQuestion(question, ctx.app.settings.search.maxQuestionChars);
  const s = uiStrings(prepared.language);
  if (ctx.isStopping()) return { ok: false, language: prepared.language, message: s.stopping };
  if (!prepared.ok) return { ok: false, language: prepared.language, message: prepared.message };
  const decision = ctx.limiter.take(userId);
  if (!decision.ok) return { ok: false, language: prepared.language, message: s.rateLimited(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))) };
  return { ok: true, language: prepared.language };
}

export interface DiscordAsk {
  question: string;
  userId: string;
  context?: string | undefined;
  offset?: number;
  /** A line shown under the question (e.g. "the articles changed since"). */
  notice?: string | undefined;
  /** Where the question came from, for the logs. */
  source: 'slash' | 'mention' | 'dm' | 'button';
  /** Called when the question has to wait for a free slot. */
  onQueued?: () => void;
}

export type DiscordAnswer = { ok: true; answer: Answer; message: RenderedMessage } | { ok: false; language: UiLanguage; message: string };

/** Chunk labels of the passages an answer shows, when the index that answered is still the live one. */
async function answerLabels(ctx: BotContext, answer: Answer): Promise<number[]> {
  if (answer.passages.length === 0) return [];
  return ctx.app.index.use(async (snapshot) => {
    if (!snapshot || snapshot.manifest.createdAt !== answer.generation) return [];
    const wanted = new Set(answer.passages.flatMap((passage) => passage.chunkIds));
    const articles = [...new Set(answer.passages.map((passage) => passage.citation.articleId))];
    const labels = new Map<string, number>();
    for (const id of articles) {
      for (const chunk of await snapshot.chunks(snapshot.article(id)?.labels ?? [])) if (wanted.has(chunk.id)) labels.set(chunk.id, chunk.label);
    }
    return answer.passages.flatMap((passage) => passage.chunkIds.flatMap((id) => (labels.has(id) ? [labels.get(id)!] : [])));
  });
}

/**
 * Answers an admitted question through the question queue and renders it for Discord; a
 * question that found nothing is written to the feedback log.
 */
export async function answerForDiscord(ctx: BotContext, ask: DiscordAsk): Promise<DiscordAnswer> {
  const started = ctx.clock.now();
  const result = await ctx.questions.run(() => ctx.app.ask(ask.question, { context: ask.context, offset: ask.offset ?? 0 }), ask.onQueued);
  if (!result.ok) return result;
  const { answer } = result;
  ctx.logger.info(
    { event: 'question', source: ask.source, language: answer.language, status: answer.status, mode: answer.mode, offset: answer.offset, passages: answer.passages.length, followUp: ask.context !== undefined, ms: ctx.clock.now() - started },
    'question answered',
  );
  if (answer.status === 'not-found' && answer.offset === 0) {
    await ctx.feedback
      .append({ type: 'not-found', at: new Date(ctx.clock.now()).toISOString(), question: answer.question, language: answer.language, generation: shortHash(answer.generation), user: hashUserId(ask.userId) })
      .catch((error: unknown) => ctx.logger.error({ err: error, file: ctx.feedback.file }, 'could not write to the feedback log'));
  }
  const labels = await answerLabels(ctx, answer);
  return { ok: true, answer, message: renderAnswer(answer, { showScores: ctx.app.settings.discord.showScores, labels, notice: ask.notice }) };
}
