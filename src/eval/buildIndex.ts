import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Article } from '../corpus/types.ts';
import type { Embedder } from '../embed/types.ts';
import type { HnswOptions } from '../index/hnswIndex.ts';
import { LocalStore } from '../index/localStore.ts';
import { createPostgresStores } from '../index/postgres/index.ts';
import type { ReindexProgress, ReindexSummary } from '../index/reindex.ts';
import type { IndexReader, IndexStore } from '../index/store.ts';

export interface EvalIndexOptions {
  chunk: { maxTokens: number; overlapSentences: number };
  hnsw: HnswOptions;
  /** Parent of the temporary index folder (default: the system's temporary folder). */
  tempDir?: string;
  /** The store to index into (default: files in a temporary folder); a database gets a temporary library, deleted after. */
  store?: { kind: 'local' } | { kind: 'postgres'; databaseUrl: string };
  onProgress?: (progress: ReindexProgress) => void;
}

export interface EvalIndex {
  snapshot: IndexReader;
  summary: ReindexSummary;
  /** Closes the snapshot and deletes the temporary index. */
  dispose: () => Promise<void>;
}

/** A store for one evaluation, and how to delete it. */
async function temporaryStore(options: EvalIndexOptions): Promise<{ store: IndexStore; remove: () => Promise<void> }> {
  if (options.store?.kind === 'postgres') {
    const database = await createPostgresStores(options.store.databaseUrl, { efSearch: options.hnsw.efSearch });
    const library = `eval-${randomUUID()}`;
    return {
      store: database.store(library),
      remove: async () => {
        await database.removeLibrary(library).finally(() => database.close());
      },
    };
  }
  const folder = await fs.mkdtemp(path.join(options.tempDir ?? os.tmpdir(), 'qa-eval-index-'));
  return { store: new LocalStore(folder, { efSearch: options.hnsw.efSearch }), remove: () => fs.rm(folder, { recursive: true, force: true }) };
}

/** Indexes articles the way the bot does (same reindex, chunker and HNSW settings) into a temporary store. */
export async function buildEvalIndex(articles: Article[], embedder: Embedder | undefined, options: EvalIndexOptions): Promise<EvalIndex> {
  const { store, remove } = await temporaryStore(options);
  try {
    const summary = await store.reindex({
      articles,
      embedder,
      chunk: options.chunk,
      hnsw: options.hnsw,
      full: true,
      ...(options.onProgress && { onProgress: options.onProgress }),
    });
    const snapshot = await store.open({ expectedModel: embedder && { id: embedder.modelId, dimension: embedder.dimension } });
    if (!snapshot) throw new Error('the reindex wrote no generation');
    return {
      snapshot,
      summary,
      dispose: async () => {
        await snapshot.close();
        await remove();
      },
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
