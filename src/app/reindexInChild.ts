import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChunkSettings } from '../chunk/chunkArticle.ts';
import type { EmbedderConfig } from '../embed/loadEmbedder.ts';
import * as errors from '../errors.ts';
import type { HnswOptions } from '../index/hnswIndex.ts';
import type { ReindexProgress } from '../index/reindex.ts';
import type { Logger } from '../util/logger.ts';
import type { ReindexReport } from './reindexReport.ts';
import type { StoreLocation } from './stores.ts';

/** Everything a reindex needs, as plain data that can cross to another process. */
export interface ChildJob {
  corpusDir: string;
  location: StoreLocation;
  maxArticleBytes: number;
  chunk: ChunkSettings;
  hnsw: HnswOptions;
  full: boolean;
  /** The model to embed with, or null to index lexically (the model is unavailable). */
  model: EmbedderConfig | null;
}

export type ChildMessage =
  | { type: 'progress'; progress: ReindexProgress }
  | { type: 'log'; level: keyof Logger; obj: object; msg: string | undefined }
  | { type: 'done'; summary: ReindexReport }
  | { type: 'failed'; name: string; message: string; stack: string | undefined };

const userFacing: Record<string, new (message: string) => Error> = {
  ModelLoadError: errors.ModelLoadError,
  IndexFormatError: errors.IndexFormatError,
  IndexMismatchError: errors.IndexMismatchError,
  ArticleInputError: errors.ArticleInputError,
  SettingsError: errors.SettingsError,
  DatabaseError: errors.DatabaseError,
};

const entry = fileURLToPath(new URL('./reindexChild.ts', import.meta.url));

/**
 * Runs one reindex in a child process with its own copy of the model, relaying progress and log
 * lines. A child process rather than a worker thread: onnxruntime-node 1.14's addon cannot be
 * loaded by a second thread of one process ("Module did not self-register").
 */
export function reindexInChild(job: ChildJob, logger: Logger, onProgress?: (progress: ReindexProgress) => void): Promise<ReindexReport> {
  return new Promise((resolve, reject) => {
    const child = fork(entry, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ChildMessage | undefined;
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'log') logger[message.level](message.obj, message.msg);
      else result = message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result?.type === 'done') return resolve(result.summary);
      if (result?.type === 'failed') {
        const ErrorType = userFacing[result.name];
        const error = ErrorType ? new ErrorType(result.message) : new Error(result.message);
        if (!ErrorType && result.stack) error.stack = result.stack;
        return reject(error);
      }
      reject(new Error(`The reindex process stopped before finishing (${signal ?? `exit code ${code}`}); the previous index is still in use.`));
    });
    child.send(job);
  });
}
