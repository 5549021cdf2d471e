import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Article } from '../corpus/types.ts';
import type { Embedder } from '../embed/types.ts';
import type { HnswOptions } from '../index/hnswIndex.ts';
import { IndexSnapshot } from '../index/indexSnapshot.ts';
import { reindex, type ReindexProgress, type ReindexSummary } from '../index/reindex.ts';

export interface EvalIndexOptions {
  chunk: { maxTokens: number; overlapSentences: number };
  hnsw: HnswOptions;
  /** Parent of the temporary index folder (default: the system's temporary folder). */
  tempDir?: string;
  onProgress?: (progress: ReindexProgress) => void;
}

export interface EvalIndex {
  snapshot: IndexSnapshot;
  summary: ReindexSummary;
  /** Closes the snapshot and deletes the temporary index. */
  dispose: () => Promise<void>;
}

/** Indexes articles the way the bot does (same reindex, chunker and HNSW settings) into a temporary folder. */
export async function buildEvalIndex(articles: Article[], embedder: Embedder | undefined, options: EvalIndexOptions): Promise<EvalIndex> {
  const folder = await fs.mkdtemp(path.join(options.tempDir ?? os.tmpdir(), 'qa-eval-index-'));
  const remove = () => fs.rm(folder, { recursive: true, force: true });
  try {
    const summary = await reindex({
      indexDir: folder,
      articles,
      embedder,
      chunk: options.chunk,
      hnsw: options.hnsw,
      full: true,
      ...(options.onProgress && { onProgress: options.onProgress }),
    });
    const snapshot = await IndexSnapshot.open(folder, {
      expectedModel: embedder && { id: embedder.modelId, dimension: embedder.dimension },
      efSearch: options.hnsw.efSearch,
    });
    if (!snapshot) throw new Error(`reindex wrote no generation in ${folder}`);
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
