import type { Answer } from '../answer/answerQuestion.ts';
import { answerQuestion } from '../answer/answerQuestion.ts';
import { prepareQuestion } from '../answer/question.ts';
import type { UiLanguage } from '../answer/strings.ts';
import type { Settings } from '../config/settings.ts';
import { ModelHolder } from '../embed/modelHolder.ts';
import type { Embedder } from '../embed/types.ts';
import { LiveIndex } from '../index/liveIndex.ts';
import type { RetrievalOptions } from '../search/retrieve.ts';
import { retrievalOptionsFrom } from './retrievalOptions.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';

export interface AppDependencies {
  settings: Settings;
  logger: Logger;
  /** Loads the embedding model; the real one in production, a small one in tests. */
  loadEmbedder: () => Promise<Embedder>;
  clock?: Clock;
  /** Reindex in a child process (the bot and the chat do, so questions are answered meanwhile). */
  reindexInWorker?: boolean;
}

export type AskResult = { ok: true; answer: Answer } | { ok: false; language: UiLanguage; message: string };

export interface AskOptions {
  /** An earlier question this one follows up on. */
  context?: string | undefined;
  /** Rank of the first passage wanted (for "more passages"). */
  offset?: number;
}

/**
 * The product without its transport: the model (or its absence), the live index and the way a
 * question becomes an answer. The terminal chat and the Discord bot both sit on top of this.
 */
export class App {
  readonly models: ModelHolder;
  readonly index: LiveIndex;
  readonly retrieval: RetrievalOptions;

  constructor(readonly deps: AppDependencies) {
    const { settings, logger } = deps;
    this.models = new ModelHolder(deps.loadEmbedder, {
      retryMs: settings.model.retrySeconds * 1000,
      clock: deps.clock ?? systemClock,
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
  }

  get settings(): Settings {
    return this.deps.settings;
  }

  /** Loads the model (or notes its absence) and opens the index, building it on first start. */
  async start(): Promise<void> {
    await this.index.open();
  }

  async ask(rawQuestion: string, options: AskOptions = {}): Promise<AskResult> {
    const prepared = prepareQuestion(rawQuestion, this.settings.search.maxQuestionChars);
    if (!prepared.ok) return { ok: false, language: prepared.language, message: prepared.message };
    const embedder = this.models.current();
    return this.index.use(async (snapshot) => {
      if (!snapshot) {
        return {
          ok: true,
          answer: {
            question: prepared.text,
            language: prepared.language,
            status: 'empty-index',
            passages: [],
            offset: 0,
            hasMore: false,
            mode: embedder ? 'hybrid' : 'lexical',
            articles: [],
            generation: '',
          },
        };
      }
      const answer = await answerQuestion(
        { question: prepared.text, language: prepared.language, context: options.context, offset: options.offset ?? 0 },
        snapshot,
        embedder,
        this.retrieval,
      );
      return { ok: true, answer };
    });
  }

  async close(): Promise<void> {
    await this.index.close();
    await this.models.current()?.dispose();
  }
}
