import type { Answer } from '../answer/answerQuestion.ts';
import type { Settings } from '../config/settings.ts';
import { loadEmbedder as loadConfiguredEmbedder } from '../embed/loadEmbedder.ts';
import { ModelHolder } from '../embed/modelHolder.ts';
import type { DownloadProgress } from '../embed/onnxEmbedder.ts';
import type { Embedder } from '../embed/types.ts';
import { FeedbackLog } from '../feedback/feedbackLog.ts';
import type { FeedbackReport } from '../feedback/feedbackReport.ts';
import type { RetrievalOptions } from '../search/retrieve.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import {
  addArticle,
  articleSummaries,
  removeArticle,
  uploadProblem,
  type AddArticleResult,
  type ArticleSource,
  type ArticleSummary,
  type RemoveArticleResult,
  type UploadProblem,
} from './articles.ts';
import { admitQuestion, answerAdmitted, type Admission, type AdmittedQuestion, type AskOptions, type AskResult } from './askQuestion.ts';
import { feedbackReport, recordVote, type VoteRequest } from './feedback.ts';
import { shortKey } from './keys.ts';
import { LiveIndex, type ReindexRequest } from './liveIndex.ts';
import type { ReindexReport } from './reindexReport.ts';
import { fullParagraph, type ParagraphRequest, type ParagraphResult } from './paragraphText.ts';
import { QuestionQueue } from './questionQueue.ts';
import { RateLimiter } from './rateLimiter.ts';
import { retrievalOptionsFrom } from './retrievalOptions.ts';

export type { ReindexReport } from './reindexReport.ts';
export type { Admission, AdmittedQuestion, AskOptions, AskResult } from './askQuestion.ts';

export interface AppDependencies {
  /** Frozen: read once at start (scripts pass command-line overrides to loadSettings). */
  settings: Settings;
  logger: Logger;
  /** Loads the embedding model; by default the one the settings name (tests pass a small one). */
  loadEmbedder?: () => Promise<Embedder>;
  /** Progress of a model download by the default loader. */
  onModelDownload?: (progress: DownloadProgress) => void;
  clock?: Clock;
  /** Reindex in a child process (the bot and the chat do, so questions are answered meanwhile). */
  reindexInWorker?: boolean;
}

export interface AppStatus {
  /** 'lexical' while the model is unavailable. */
  mode: 'hybrid' | 'lexical';
  model: string | undefined;
  /** Why the model is unavailable, when it is. */
  modelProblem: string | undefined;
  articles: number;
  chunks: number;
  /** When the live index generation was written; undefined before the first one. */
  indexCreatedAt: string | undefined;
}

/**
 * The product without its transport, and the one place its parts are put together: the model (or
 * its absence), the live index, the feedback log, the rate limit and the question queue, and the
 * use cases the terminal chat and the Discord bot call. No use case knows Discord.
 */
export class App {
  readonly settings: Settings;
  readonly models: ModelHolder;
  readonly index: LiveIndex;
  readonly logger: Logger;
  readonly clock: Clock;
  private readonly retrieval: RetrievalOptions;
  private readonly feedback: FeedbackLog;
  private readonly limiter: RateLimiter;
  private readonly questions: QuestionQueue;
  private stopping = false;

  constructor(deps: AppDependencies) {
    const { settings, logger } = deps;
    this.settings = settings;
    this.logger = logger;
    this.clock = deps.clock ?? systemClock;
    this.models = new ModelHolder(deps.loadEmbedder ?? (() => loadConfiguredEmbedder(settings.model, deps.onModelDownload)), {
      retryMs: settings.model.retrySeconds * 1000,
      clock: this.clock,
      logger,
      onRecovered: () => {
        this.index.reindex().catch((error: unknown) => logger.error({ err: error }, 'reindex after the model recovered failed'));
      },
    });
    this.index = new LiveIndex({
      corpusDir: settings.corpusDir,
      indexDir: settings.indexDir,
      maxArticleBytes: settings.maxArticleBytes,
      chunk: settings.chunk,
      hnsw: settings.hnsw,
      models: this.models,
      logger,
      ...(deps.reindexInWorker && { worker: { model: settings.model } }),
    });
    this.retrieval = retrievalOptionsFrom(settings);
    this.feedback = new FeedbackLog(settings.feedbackFile);
    this.limiter = new RateLimiter({ limit: settings.discord.rateLimit.questions, windowMs: settings.discord.rateLimit.windowSeconds * 1000, clock: this.clock });
    this.questions = new QuestionQueue(settings.discord.maxConcurrentQuestions);
  }

  /** Loads the model (or notes its absence) and opens the index, building it on first start. */
  async start(): Promise<void> {
    await this.index.open();
  }

  /** Reindexes a moment after files in the corpus folder change. */
  watchCorpus(): void {
    this.index.watch();
  }

  /** Whether a question is taken: not while stopping, not empty or too long, within its asker's rate limit (counted when `userId` is given). */
  admit(request: { question: string; userId?: string | undefined }): Admission {
    return admitQuestion(request, { stopping: this.stopping, maxChars: this.settings.search.maxQuestionChars, limiter: this.limiter });
  }

  /** Answers an admitted question when the queue has room; a question that found nothing is recorded as feedback. */
  answer(question: AdmittedQuestion, options: AskOptions = {}): Promise<Answer> {
    return answerAdmitted(question, options, this.askParts());
  }

  /** Admits and answers in one step (the command line). */
  async ask(question: string, options: AskOptions & { userId?: string } = {}): Promise<AskResult> {
    const admission = this.admit({ question, userId: options.userId });
    if (!admission.ok) return { ok: false, language: admission.language, reason: admission.reason, message: admission.message };
    return { ok: true, answer: await this.answer(admission.question, options) };
  }

  /** The short key of the live index generation, to tell whether a button still points at it. */
  liveGenerationKey(): string {
    return shortKey(this.index.snapshot?.generation ?? '');
  }

  /** One paragraph of an article in full, as "full paragraph" shows it. */
  paragraph(request: ParagraphRequest): Promise<ParagraphResult> {
    return this.index.use((snapshot) => fullParagraph(snapshot, request));
  }

  /** The indexed articles, optionally those whose title or id contains `matching` (in matching form). */
  articles(matching?: string): ArticleSummary[] {
    return articleSummaries(this.index.snapshot?.articles ?? [], matching);
  }

  uploadProblem(file: { name: string; size: number }): UploadProblem | undefined {
    return uploadProblem(file, this.settings.discord.maxUploadBytes);
  }

  addArticle(source: ArticleSource): Promise<AddArticleResult> {
    return addArticle(source, this.articleParts());
  }

  removeArticle(id: string): Promise<RemoveArticleResult> {
    return removeArticle(id, this.articleParts());
  }

  reindex(request: ReindexRequest = {}): Promise<ReindexReport> {
    return this.index.reindex(request);
  }

  vote(request: VoteRequest): Promise<void> {
    return recordVote(request, { index: this.index, feedback: this.feedback, clock: this.clock, logger: this.logger, liveKey: this.liveGenerationKey() });
  }

  async feedbackReport(days: number): Promise<FeedbackReport & { skippedLines: number }> {
    return feedbackReport(this.feedback, days, this.clock.now());
  }

  status(): AppStatus {
    const snapshot = this.index.snapshot;
    const embedder = this.models.current();
    return {
      mode: embedder ? 'hybrid' : 'lexical',
      model: embedder?.modelId,
      modelProblem: this.models.unavailableReason,
      articles: snapshot?.articles.length ?? 0,
      chunks: snapshot?.chunkCount ?? 0,
      indexCreatedAt: snapshot?.generation,
    };
  }

  /** Takes no new questions (they are refused politely); the ones under way go on. */
  stopTakingQuestions(): void {
    this.stopping = true;
  }

  /** Questions answered or waiting right now. */
  get questionsInFlight(): number {
    return this.questions.busy;
  }

  /** Resolves once every question taken has been answered. */
  questionsAnswered(): Promise<void> {
    return this.questions.onIdle();
  }

  async close(): Promise<void> {
    await this.index.close();
    await this.models.current()?.dispose();
  }

  private askParts() {
    return {
      index: this.index,
      models: this.models,
      retrieval: this.retrieval,
      questions: this.questions,
      feedback: this.feedback,
      logger: this.logger,
      clock: this.clock,
    };
  }

  private articleParts() {
    return { index: this.index, settings: this.settings, logger: this.logger };
  }
}
