import type { Answer } from '../answer/answerQuestion.ts';
import type { Settings } from '../config/settings.ts';
import { loadEmbedder as loadConfiguredEmbedder } from '../embed/loadEmbedder.ts';
import { ModelHolder } from '../embed/modelHolder.ts';
import type { DownloadProgress } from '../embed/onnxEmbedder.ts';
import type { Embedder } from '../embed/types.ts';
import { UserFacingError } from '../errors.ts';
import { describeDatabaseUrl } from '../index/postgres/connect.ts';
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
import { feedbackReport, recordVote, type FeedbackReport, type VoteRequest } from './feedback.ts';
import { shortKey } from './keys.ts';
import { Libraries } from './libraries.ts';
import { SHARED_LIBRARY, isServerLibrary, libraryPaths, type Library, type LibraryId, type LibraryPaths } from './library.ts';
import type { LiveIndex, ReindexRequest } from './liveIndex.ts';
import type { ReindexReport } from './reindexReport.ts';
import { fullParagraph, type ParagraphRequest, type ParagraphResult } from './paragraphText.ts';
import { QuestionQueue } from './questionQueue.ts';
import { RateLimiter } from './rateLimiter.ts';
import { retrievalOptionsFrom } from './retrievalOptions.ts';
import { feedbackLibrary, libraryOfTag, librariesOf, liveGeneration, localScope, type Scope } from './scope.ts';

export type { ReindexReport } from './reindexReport.ts';
export type { Admission, AdmittedQuestion, AskOptions, AskResult } from './askQuestion.ts';
export type { Scope } from './scope.ts';

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
  /** Of the shared library. */
  articles: number;
  chunks: number;
  /** When the shared library's live index generation was written; undefined before the first one. */
  indexCreatedAt: string | undefined;
  /** Server libraries open right now. */
  openLibraries: number;
}

/**
 * The product without its transport, and the one place its parts are put together: the model (or
 * its absence), the libraries (the shared one and one per Discord server, each a corpus and a live
 * index), the rate limit and the question queue, and the use cases the terminal chat and the
 * Discord bot call. No use case knows Discord; each takes the scope it is used in (a server, a
 * direct message, the command line), and nothing in one server's scope reaches another server's library.
 */
export class App {
  readonly settings: Settings;
  readonly models: ModelHolder;
  readonly libraries: Libraries;
  readonly logger: Logger;
  readonly clock: Clock;
  private readonly retrieval: RetrievalOptions;
  private readonly limiter: RateLimiter;
  private readonly questions: QuestionQueue;
  private stopping = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(deps: AppDependencies) {
    const { settings, logger } = deps;
    this.settings = settings;
    this.logger = logger;
    this.clock = deps.clock ?? systemClock;
    this.models = new ModelHolder(deps.loadEmbedder ?? (() => loadConfiguredEmbedder(settings.model, deps.onModelDownload)), {
      retryMs: settings.model.retrySeconds * 1000,
      clock: this.clock,
      logger,
      onRecovered: () => this.embedWhatWasMissed(),
    });
    this.libraries = new Libraries({
      settings,
      models: this.models,
      logger,
      clock: this.clock,
      worker: deps.reindexInWorker ? { model: settings.model } : undefined,
    });
    this.retrieval = retrievalOptionsFrom(settings);
    this.limiter = new RateLimiter({ limit: settings.discord.rateLimit.questions, windowMs: settings.discord.rateLimit.windowSeconds * 1000, clock: this.clock });
    this.questions = new QuestionQueue(settings.discord.maxConcurrentQuestions);
  }

  /** The shared library's live index. */
  get sharedIndex(): LiveIndex {
    return this.libraries.shared.index;
  }

  /** Loads the model (or notes its absence) and opens the shared library, building its index on first start. */
  async start(): Promise<void> {
    await this.libraries.start();
    const idleMs = this.settings.libraries.idleSeconds * 1000;
    this.idleTimer ??= setInterval(() => {
      this.libraries.closeIdle().catch((error: unknown) => this.logger.warn({ err: error }, 'closing idle libraries failed'));
    }, Math.max(1000, idleMs / 4));
    this.idleTimer.unref();
  }

  /** Reindexes a moment after files change in the shared corpus or an open server library's. */
  watchCorpus(): void {
    this.libraries.watch();
  }

  /** Whether a question is taken: not while stopping, not empty or too long, within its asker's rate limit (counted when `userId` is given). */
  admit(request: { question: string; userId?: string | undefined }): Admission {
    return admitQuestion(request, { stopping: this.stopping, maxChars: this.settings.search.maxQuestionChars, limiter: this.limiter });
  }

  /** Answers an admitted question from its scope's libraries when the queue has room; a question that found nothing is recorded as feedback. */
  answer(question: AdmittedQuestion, options: AskOptions = {}): Promise<Answer> {
    const parts = { libraries: this.libraries, settings: this.settings, models: this.models, retrieval: this.retrieval, questions: this.questions, logger: this.logger, clock: this.clock };
    return answerAdmitted(question, options, parts);
  }

  /** Admits and answers in one step (the command line). */
  async ask(question: string, options: AskOptions & { userId?: string } = {}): Promise<AskResult> {
    const admission = this.admit({ question, userId: options.userId });
    if (!admission.ok) return { ok: false, language: admission.language, reason: admission.reason, message: admission.message };
    return { ok: true, answer: await this.answer(admission.question, options) };
  }

  /** The short key of the generations a question in this scope is answered from now, to tell whether a button still points at them. */
  async liveGenerationKey(scope: Scope): Promise<string> {
    return shortKey(liveGeneration(await librariesOf(scope, this.libraries, this.settings)));
  }

  /** One paragraph of an article in full, as "full paragraph" shows it; 'stale' when the libraries changed since the button was made. */
  async paragraph(scope: Scope, request: ParagraphRequest): Promise<ParagraphResult> {
    if (request.generation !== (await this.liveGenerationKey(scope))) return { status: 'stale' };
    const library = await libraryOfTag(scope, request.library, this.libraries, this.settings);
    return library ? library.index.use((snapshot) => fullParagraph(snapshot, request)) : { status: 'gone' };
  }

  /** The articles a question in this scope can cite, its server's own first, each marked with its library. */
  async articles(scope: Scope = localScope): Promise<ArticleSummary[]> {
    const scoped = await librariesOf(scope, this.libraries, this.settings);
    return scoped.flatMap(({ tag, library }) => articleSummaries(library.index.snapshot?.articles ?? [], tag));
  }

  /** The articles of one library (what its admins may remove), optionally those whose title or id contains `matching`. */
  async libraryArticles(id: LibraryId, matching?: string): Promise<ArticleSummary[]> {
    const library = await this.libraries.library(id);
    return articleSummaries(library?.index.snapshot?.articles ?? [], id === SHARED_LIBRARY ? 'shared' : 'server', matching);
  }

  /** Where a library's files are (the shared one when `id` is left out). */
  libraryFolders(id: LibraryId = SHARED_LIBRARY): LibraryPaths {
    return libraryPaths(id, this.settings);
  }

  /** Where a library's index lives, for messages: its folder, or the database (without the password). */
  indexWhere(id: LibraryId = SHARED_LIBRARY): string {
    const { store } = this.settings;
    return store.kind === 'postgres' ? `the PostgreSQL database ${describeDatabaseUrl(store.databaseUrl)} (library ${id})` : this.libraryFolders(id).indexDir;
  }

  uploadProblem(file: { name: string; size: number }): UploadProblem | undefined {
    return uploadProblem(file, this.settings.discord.maxUploadBytes);
  }

  /** Adds an article to a library (a server's is created by its first article). */
  async addArticle(source: ArticleSource, id: LibraryId = SHARED_LIBRARY): Promise<AddArticleResult> {
    const library = (await this.libraries.library(id, { create: true }))!;
    return addArticle(source, { library, settings: this.settings, logger: this.logger });
  }

  async removeArticle(articleId: string, id: LibraryId = SHARED_LIBRARY): Promise<RemoveArticleResult> {
    const library = await this.libraries.library(id);
    return library ? removeArticle(articleId, { library, logger: this.logger }) : { status: 'unknown' };
  }

  /** Brings a library's index in line with its corpus folder. */
  async reindex(request: ReindexRequest = {}, id: LibraryId = SHARED_LIBRARY): Promise<ReindexReport> {
    return (await this.existingLibrary(id)).index.reindex(request);
  }

  /** 👍 / 👎 on an answer given in this scope; 'forged' when its chunks cannot have come from one. */
  async vote(scope: Scope, request: VoteRequest): Promise<'recorded' | 'forged'> {
    const scoped = await librariesOf(scope, this.libraries, this.settings);
    return recordVote(request, { scoped, feedback: this.libraries.feedback(feedbackLibrary(scope)), clock: this.clock, logger: this.logger });
  }

  /** A library's unanswered and 👎 questions of the last `days`, grouped (the shared library's are those of DMs and the command line). */
  feedbackReport(id: LibraryId, days: number): Promise<FeedbackReport & { skippedLines: number }> {
    return feedbackReport(this.libraries.feedback(id), days, this.clock.now());
  }

  status(): AppStatus {
    const snapshot = this.sharedIndex.snapshot;
    const embedder = this.models.current();
    return {
      mode: embedder ? 'hybrid' : 'lexical',
      model: embedder?.modelId,
      modelProblem: this.models.unavailableReason,
      articles: snapshot?.articles.length ?? 0,
      chunks: snapshot?.chunkCount ?? 0,
      indexCreatedAt: snapshot?.generation,
      openLibraries: this.libraries.openCount,
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
    clearInterval(this.idleTimer);
    await this.libraries.close();
    await this.models.current()?.dispose();
  }

  private async existingLibrary(id: LibraryId): Promise<Library> {
    const library = await this.libraries.library(id);
    if (!library) {
      throw new UserFacingError(
        `The server ${id} has no library yet: its admins add the first article with /add-article, or an operator creates ${isServerLibrary(id) ? 'its corpus folder' : 'it'}.`,
      );
    }
    return library;
  }

  /** Once the model loads after a failure, the open libraries embed what was indexed without it (the others do when they open). */
  private embedWhatWasMissed(): void {
    const reindex = (library: Library) =>
      library.index.reindex().catch((error: unknown) => this.logger.error({ err: error, library: library.id }, 'reindex after the model recovered failed'));
    void reindex(this.libraries.shared);
    void this.libraries.forEachOpen(reindex);
  }
}
