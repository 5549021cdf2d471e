import fs from 'node:fs';
import type { ChunkSettings } from '../chunk/chunkArticle.ts';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import type { EmbedderConfig } from '../embed/loadEmbedder.ts';
import type { ModelHolder } from '../embed/modelHolder.ts';
import type { Embedder } from '../embed/types.ts';
import { IndexFormatError, SettingsError, errorMessage } from '../errors.ts';
import type { HnswOptions } from '../index/hnswIndex.ts';
import type { ReindexProgress } from '../index/reindex.ts';
import type { IndexReader, IndexStore } from '../index/store.ts';
import type { Logger } from '../util/logger.ts';
import { reindexInChild } from './reindexInChild.ts';
import type { StoreLocation } from './stores.ts';
import type { ReindexReport } from './reindexReport.ts';

export interface LiveIndexOptions {
  corpusDir: string;
  /** Where the library's index lives, and the same as plain data for a reindex in a child process. */
  store: IndexStore;
  location: StoreLocation;
  maxArticleBytes: number;
  chunk: ChunkSettings;
  hnsw: HnswOptions;
  models: ModelHolder;
  logger: Logger;
  /** Quiet time after the last change in the corpus folder before a watch-triggered reindex. */
  watchDebounceMs?: number;
  /**
   * Reindex in a child process with its own copy of this model, so questions keep being answered
   * while a large reindex runs. Without it, reindexing runs in this process with `models`.
   */
  worker?: { model: EmbedderConfig };
  /** Runs a reindex when its turn comes (the libraries share one queue, so one reindex runs at a time); at once by default. */
  schedule?: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface ReindexRequest {
  full?: boolean;
  onProgress?: (progress: ReindexProgress) => void;
}

interface Lease {
  snapshot: IndexReader;
  users: number;
  retired: boolean;
}

/**
 * The index the bot answers from. Questions use the current snapshot until a reindex has
 * published a complete new one, then the next question uses the new one; the old snapshot is
 * closed once its last question is answered. Reindex requests run one after the other.
 */
export class LiveIndex {
  private lease: Lease | undefined;
  /** The last reindex asked for: requests run one after the other. */
  private queue: Promise<unknown> = Promise.resolve();
  private pendingReindexes = 0;
  private watcher: fs.FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  /** A check for a generation another process published, shared by the questions that arrive meanwhile. */
  private following: Promise<void> | undefined;

  constructor(private readonly options: LiveIndexOptions) {}

  get snapshot(): IndexReader | undefined {
    return this.lease?.snapshot;
  }

  /** Opens the index, building it from the corpus first when there is none. */
  async open(): Promise<ReindexReport | undefined> {
    const embedder = await this.options.models.ensure();
    let snapshot: IndexReader | undefined;
    try {
      snapshot = await this.options.store.open({ expectedModel: embedder && { id: embedder.modelId, dimension: embedder.dimension } });
    } catch (error) {
      if (!(error instanceof IndexFormatError)) throw error;
      // The corpus is the source of truth: a damaged index is rebuilt from it rather than stopping the bot.
      this.options.logger.warn({ reason: error.message }, 'the index cannot be read; rebuilding it from the corpus');
      return this.reindex({ full: true });
    }
    if (snapshot) {
      this.swap(snapshot);
      const missing = snapshot.articles.some((article) => !article.embedded);
      // Chunks indexed while the model was unavailable are embedded now that it is here.
      return embedder && missing ? this.reindex() : undefined;
    }
    this.options.logger.info({ corpusDir: this.options.corpusDir }, 'no index yet: building it from the corpus');
    return this.reindex();
  }

  /** Runs a question (or anything else) against the current snapshot, keeping it open meanwhile. */
  async use<T>(work: (snapshot: IndexReader | undefined) => Promise<T>): Promise<T> {
    await this.followOtherProcesses();
    const lease = this.lease;
    if (!lease) return work(undefined);
    lease.users += 1;
    try {
      return await work(lease.snapshot);
    } finally {
      lease.users -= 1;
      if (lease.retired && lease.users === 0) this.closeRetired(lease.snapshot);
    }
  }

  /**
   * On a store that other bot processes write too (a shared database), opens the generation one of
   * them published since: the next question after a reindex anywhere is answered from it.
   */
  private followOtherProcesses(): Promise<void> {
    const { store } = this.options;
    if (!store.liveGeneration) return Promise.resolve();
    this.following ??= this.openNewer(() => store.liveGeneration!()).finally(() => (this.following = undefined));
    return this.following;
  }

  private async openNewer(liveGeneration: () => Promise<string | undefined>): Promise<void> {
    try {
      const live = await liveGeneration();
      const current = this.lease?.snapshot.generation;
      if (live === undefined || live === current) return;
      const embedder = this.options.models.current();
      const snapshot = await this.options.store.open({ expectedModel: embedder && { id: embedder.modelId, dimension: embedder.dimension } });
      // This process's own reindex may have swapped in a newer one meanwhile (generation ids grow).
      if (snapshot && (this.lease === undefined || snapshot.generation > this.lease.snapshot.generation)) this.swap(snapshot);
      else await snapshot?.close();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not check for an index generation another bot process published; answering from the one open');
    }
  }

  /** Closes a snapshot no question uses any more; a failure to close is logged, never thrown at a question. */
  private closeRetired(snapshot: IndexReader): void {
    snapshot.close().catch((error: unknown) => this.options.logger.warn({ err: error, generation: snapshot.generation }, 'could not close an old index generation'));
  }

  reindex(request: ReindexRequest = {}): Promise<ReindexReport> {
    const schedule = this.options.schedule ?? ((work) => work());
    this.pendingReindexes += 1;
    const run = this.queue.then(() => schedule(() => this.runReindex(request))).finally(() => (this.pendingReindexes -= 1));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Whether a question holds the snapshot or a reindex is asked for: not a moment to close it. */
  get busy(): boolean {
    return (this.lease?.users ?? 0) > 0 || this.pendingReindexes > 0;
  }

  private async runReindex(request: ReindexRequest): Promise<ReindexReport> {
    const { logger } = this.options;
    const embedder = await this.options.models.ensure();
    const summary = await this.reindexHere(request, embedder);
    const snapshot = await this.options.store.open({ expectedModel: embedder && { id: embedder.modelId, dimension: embedder.dimension } });
    if (snapshot) this.swap(snapshot);
    logger.info(
      {
        added: summary.articles.added.length,
        updated: summary.articles.updated.length,
        removed: summary.articles.removed.length,
        embedded: summary.articles.embedded.length,
        unchanged: summary.articles.unchanged,
        chunks: summary.chunks.total,
        withoutVectors: summary.chunks.withoutVectors,
        seconds: Number(summary.seconds.toFixed(2)),
      },
      'index updated',
    );
    return summary;
  }

  /** One reindex in a child process or in this one, with the files the corpus skipped. */
  private async reindexHere(request: ReindexRequest, embedder: Embedder | undefined): Promise<ReindexReport> {
    const { corpusDir, location, maxArticleBytes, chunk, hnsw, worker, logger } = this.options;
    const full = request.full ?? false;
    if (worker) {
      return reindexInChild({ corpusDir, location, maxArticleBytes, chunk, hnsw, full, model: embedder ? worker.model : null }, logger, request.onProgress);
    }
    const corpus = await loadCorpus(corpusDir, { maxBytes: maxArticleBytes, logger });
    const summary = await this.options.store.reindex({
      articles: corpus.articles,
      embedder,
      chunk,
      hnsw,
      full,
      logger,
      ...(request.onProgress && { onProgress: request.onProgress }),
    });
    return { ...summary, skipped: corpus.skipped };
  }

  private swap(snapshot: IndexReader): void {
    const old = this.lease;
    this.lease = { snapshot, users: 0, retired: false };
    if (old) {
      old.retired = true;
      if (old.users === 0) this.closeRetired(old.snapshot);
    }
  }

  /** Reindexes (debounced) whenever a file in the corpus folder is added, changed or removed. */
  watch(): void {
    if (this.watcher) return;
    const delay = this.options.watchDebounceMs ?? 1500;
    this.watcher = this.watchFolder(() => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        this.reindex().catch((error: unknown) => this.options.logger.error({ err: error }, 'reindex after a corpus change failed'));
      }, delay);
    });
    this.watcher.on('error', (error) => this.options.logger.warn({ err: error, corpusDir: this.options.corpusDir }, 'watching the corpus stopped'));
  }

  private watchFolder(onChange: () => void): fs.FSWatcher {
    const { corpusDir } = this.options;
    try {
      return fs.watch(corpusDir, onChange);
    } catch (error) {
      throw new SettingsError(`The corpus folder ${corpusDir} cannot be watched (${errorMessage(error)}); check CORPUS_DIR, or set WATCH_CORPUS=false.`, { cause: error });
    }
  }

  /** Stops watching, waits for a running reindex and closes the snapshot. */
  async close(): Promise<void> {
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.debounce);
    await this.queue;
    const lease = this.lease;
    this.lease = undefined;
    if (lease) {
      lease.retired = true;
      if (lease.users === 0) await lease.snapshot.close();
    }
  }
}
