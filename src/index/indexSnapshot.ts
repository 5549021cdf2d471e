import fs from 'node:fs/promises';
import path from 'node:path';
import { IndexFormatError } from '../errors.ts';
import { ChunkLocations, ChunkStore, type StoredChunk } from './chunkStore.ts';
import { readCurrent } from './generations.ts';
import { HnswIndex, type VectorHit } from './hnswIndex.ts';
import { LexicalIndex } from './lexical/lexicalIndex.ts';
import { defaultStemmer } from '../text/stemmer.ts';
import type { IndexReader, LexicalHits } from './store.ts';
import {
  assertSameAnalysis,
  assertSameModel,
  embeddedChunkCount,
  indexFiles,
  readManifest,
  unreadableIndex,
  verifyFiles,
  type ArticleEntry,
  type Manifest,
  type ModelStamp,
} from './manifest.ts';

export interface OpenIndexOptions {
  /** The model the caller will query with: an index built with another one is refused. */
  expectedModel?: { id: string; dimension: number } | undefined;
  efSearch: number;
}


/** Reads a generation's locations table. */
export async function readLocations(folder: string): Promise<ChunkLocations> {
  return ChunkLocations.fromBytes(await fs.readFile(path.join(folder, indexFiles.locations)));
}

/** Opens a generation's lexical index. */
export async function readLexical(folder: string, manifest: Manifest): Promise<LexicalIndex> {
  assertSameAnalysis(folder, manifest, defaultStemmer.id);
  return LexicalIndex.open(folder, manifest.lexical);
}

/** Reads a generation's vector index, if it has one. */
export async function readVectors(folder: string, manifest: Manifest, efSearch: number): Promise<HnswIndex | undefined> {
  if (!manifest.model) return undefined;
  return HnswIndex.read(path.join(folder, indexFiles.vectors), manifest.model.dimension, embeddedChunkCount(manifest), {
    m: manifest.hnsw.m,
    efConstruction: manifest.hnsw.efConstruction,
    efSearch,
  });
}

/**
 * One complete, immutable generation of the index: the vector index, the lexical index and the
 * chunk store, read from disk and checked against the manifest. Reindexing never changes a
 * snapshot; it writes a new generation and the caller switches to it.
 */
export class IndexSnapshot implements IndexReader {
  private readonly articlesById: Map<string, ArticleEntry>;

  private constructor(
    readonly folder: string,
    readonly manifest: Manifest,
    private readonly vectors: HnswIndex | undefined,
    private readonly lexical: LexicalIndex,
    private readonly store: ChunkStore,
  ) {
    this.articlesById = new Map(manifest.articles.map((article) => [article.id, article]));
  }

  /** Opens the live generation of an index folder; undefined when there is no index yet. */
  static async open(indexDir: string, options: OpenIndexOptions): Promise<IndexSnapshot | undefined> {
    const generation = await readCurrent(indexDir);
    if (!generation) return undefined;
    return IndexSnapshot.openGeneration(path.join(indexDir, generation), options);
  }

  static async openGeneration(folder: string, options: OpenIndexOptions): Promise<IndexSnapshot> {
    const manifest = await readManifest(folder);
    assertSameModel(folder, manifest.model, options.expectedModel);
    await verifyFiles(folder, manifest, { checksums: false });
    let lexical: LexicalIndex | undefined;
    try {
      const locations = await readLocations(folder);
      const vectors = await readVectors(folder, manifest, options.efSearch);
      lexical = await readLexical(folder, manifest);
      const store = await ChunkStore.open(folder, manifest.segments, locations);
      return new IndexSnapshot(folder, manifest, vectors, lexical, store);
    } catch (error) {
      lexical?.close();
      if (error instanceof IndexFormatError) throw error;
      throw unreadableIndex(folder, error);
    }
  }

  /** The generation's id: when it was written. */
  get generation(): string {
    return this.manifest.createdAt;
  }

  get model(): ModelStamp | null {
    return this.manifest.model;
  }

  get articles(): ArticleEntry[] {
    return this.manifest.articles;
  }

  article(id: string): ArticleEntry | undefined {
    return this.articlesById.get(id);
  }

  get chunkCount(): number {
    return this.manifest.articles.reduce((count, article) => count + article.labels.length, 0);
  }

  /** Chunks that have a vector; the others are found by lexical search only until the next reindex. */
  get embeddedChunkCount(): number {
    return this.vectors?.size ?? 0;
  }

  get hasVectors(): boolean {
    return this.vectors !== undefined && this.vectors.size > 0;
  }

  async hasChunks(labels: readonly number[]): Promise<boolean> {
    return labels.every((label) => this.store.has(label));
  }

  async searchDense(vector: Float32Array, k: number): Promise<VectorHit[]> {
    return this.vectors ? this.vectors.search(vector, k) : [];
  }

  async searchLexical(terms: readonly string[], k: number): Promise<LexicalHits> {
    return this.lexical.search(terms, k);
  }

  chunks(labels: readonly number[]): Promise<StoredChunk[]> {
    return this.store.get([...labels]);
  }

  async close(): Promise<void> {
    this.lexical.close();
    await this.store.close();
  }
}
