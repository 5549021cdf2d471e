import { errorMessage } from '../errors.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { Embedder } from './types.ts';

export interface ModelHolderOptions {
  /** After a failed load, the next attempt is made on the first use after this long. */
  retryMs: number;
  clock: Clock;
  logger: Logger;
  /** Called when a load succeeds after an earlier failure (so a reindex can embed what was missed). */
  onRecovered?: (embedder: Embedder) => void;
}

/**
 * Holds the embedding model, or the reason it is missing. When the model cannot be loaded the
 * bot degrades to lexical search: the failure is logged once, and loading is retried on use
 * once `retryMs` has passed.
 */
export class ModelHolder {
  private embedder: Embedder | undefined;
  private loading: Promise<Embedder | undefined> | undefined;
  private failedAt: number | undefined;
  private lastError: string | undefined;
  private failures = 0;

  constructor(
    private readonly load: () => Promise<Embedder>,
    private readonly options: ModelHolderOptions,
  ) {}

  /** Loads the model (once at a time) and resolves to it, or to undefined when it cannot be loaded. */
  ensure(): Promise<Embedder | undefined> {
    if (this.embedder) return Promise.resolve(this.embedder);
    this.loading ??= this.attempt().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** The model if it is loaded; otherwise undefined, starting a retry in the background when one is due. */
  current(): Embedder | undefined {
    if (!this.embedder && this.failedAt !== undefined && this.options.clock.now() - this.failedAt >= this.options.retryMs) {
      void this.ensure();
    }
    return this.embedder;
  }

  /** Why the model is not available, if it is not. */
  get unavailableReason(): string | undefined {
    return this.embedder ? undefined : this.lastError;
  }

  private async attempt(): Promise<Embedder | undefined> {
    try {
      const embedder = await this.load();
      this.embedder = embedder;
      if (this.failures > 0) {
        this.options.logger.info({ model: embedder.modelId }, 'embedding model loaded after an earlier failure; semantic search is back');
        this.options.onRecovered?.(embedder);
      }
      this.failedAt = undefined;
      this.lastError = undefined;
      return embedder;
    } catch (error) {
      this.failedAt = this.options.clock.now();
      this.lastError = errorMessage(error);
      if (this.failures === 0) {
        this.options.logger.warn(
          { reason: this.lastError, retryInSeconds: Math.round(this.options.retryMs / 1000) },
          'embedding model unavailable: answering with keyword search only until it loads',
        );
      }
      this.failures += 1;
      return undefined;
    }
  }
}
