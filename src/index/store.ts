import type { ChunkSettings } from '../chunk/chunkArticle.ts';
import type { Article } from '../corpus/types.ts';
import type { Embedder } from '../embed/types.ts';
import type { Logger } from '../util/logger.ts';
import type { StoredChunk } from './chunkStore.ts';
import type { HnswOptions, VectorHit } from './hnswIndex.ts';
import type { LexicalSearch } from './lexical/lexicalIndex.ts';
import type { ArticleEntry, ModelStamp } from './manifest.ts';

export interface ReindexProgress {
  phase: 'embedding';
  done: number;
  total: number;
}

/** What a reindex did: articles added, updated, removed, embedded after an earlier model failure, unchanged. */
export interface ReindexSummary {
  generation: string;
  full: boolean;
  articles: { added: string[]; updated: string[]; removed: string[]; embedded: string[]; unchanged: number; total: number };
  chunks: { added: number; removed: number; total: number; withoutVectors: number };
  model: string | null;
  seconds: number;
}

/** Lexical hits, best first (bm25.ts), with the term statistics the relevance test weighs terms by. */
export type LexicalHits = LexicalSearch;

/**
 * One generation of a library's index, fixed while it is open: what search and answers read.
 * A reindex never changes it; it writes a new generation, and the next question opens that one.
 * Labels name chunks within the generation.
 */
export interface IndexReader {
  /** The generation's id (when it was written). */
  readonly generation: string;
  /** The model its vectors come from; null for an index built without one. */
  readonly model: ModelStamp | null;
  readonly articles: readonly ArticleEntry[];
  article(id: string): ArticleEntry | undefined;
  readonly chunkCount: number;
  /** Whether any chunk has a vector (dense search can run). */
  readonly hasVectors: boolean;
  /** Whether every label names a chunk of this generation. */
  hasChunks(labels: readonly number[]): Promise<boolean>;
  searchDense(vector: Float32Array, k: number): Promise<VectorHit[]>;
  /** BM25F over the analysed question terms (text/terms.ts, with `query: true`), spelling variants included (lexical/bm25.ts). */
  searchLexical(terms: readonly string[], k: number): Promise<LexicalHits>;
  /** The chunks of these labels, in the order asked. */
  chunks(labels: readonly number[]): Promise<StoredChunk[]>;
  /** Releases what the reader holds open; a generation being replaced stays readable until then. */
  close(): Promise<void>;
}

export interface StoreReindexRequest {
  /** The library's corpus as it is now: the index is brought in line with it. */
  articles: Article[];
  /** Undefined when the model is unavailable: chunks are indexed lexically and embedded by a later reindex. */
  embedder: Embedder | undefined;
  chunk: ChunkSettings;
  hnsw: HnswOptions;
  /** Rebuild from scratch instead of updating the live generation. */
  full?: boolean;
  onProgress?: (progress: ReindexProgress) => void;
  now?: () => Date;
  logger?: Logger;
}

/**
 * Where one library's index lives: files on this machine (the local store) or rows of a database
 * every bot process shares (the PostgreSQL store). A reindex writes a complete new generation and
 * makes it the live one atomically: a question sees the old or the new, never a mix, and a crash
 * leaves the old one live.
 */
export interface IndexStore {
  /** Opens the live generation; undefined when there is none yet. Refuses one built with another model. */
  open(options: { expectedModel?: { id: string; dimension: number } | undefined }): Promise<IndexReader | undefined>;
  reindex(request: StoreReindexRequest): Promise<ReindexSummary>;
  /**
   * The live generation's id as any process may just have published it: present on a store that
   * several bot processes write (the PostgreSQL store), so that a bot opens what another
   * published; absent where only this process writes (the local store).
   */
  liveGeneration?(): Promise<string | undefined>;
}
