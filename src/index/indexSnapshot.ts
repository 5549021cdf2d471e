import fs from 'node:fs/promises';
import path from 'node:path';
import { IndexFormatError, IndexMismatchError, errorMessage } from '../errors.ts';
import { LexicalIndex, type LexicalHit } from '../search/lexical.ts';
import { ChunkStore, type StoredChunk } from './chunkStore.ts';
import { fileDigest, readCurrent } from './generations.ts';
import { HnswIndex, type HnswOptions, type VectorHit } from './hnswIndex.ts';
import { INDEX_FORMAT_VERSION, manifestSchema, type ArticleEntry, type Manifest } from './manifest.ts';

export const indexFiles = {
  manifest: 'manifest.json',
  vectors: 'vectors.hnsw',
  locations: 'locations.bin',
  lexical: 'lexical.json',
} as const;

const REBUILD = 'run `npm run index -- --full` to rebuild it from the corpus';

export interface OpenIndexOptions {
  /** The model the caller will query with: an index built with another one is refused. */
  expectedModel?: { id: string; dimension: number } | undefined;
  efSearch: number;
}

/**
 * One complete, immutable generation of the index: the vector index, the lexical index and the
 * chunk store, read from disk and checked against the manifest. Reindexing never changes a
 * snapshot; it writes a new generation and the caller switches to it.
 */
export class IndexSnapshot {
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
    const expected = options.expectedModel;
    if (expected && manifest.model && (manifest.model.id !== expected.id || manifest.model.dimension !== expected.dimension)) {
      throw new IndexMismatchError(
        `The index in ${folder} was built with the model ${manifest.model.id} (${manifest.model.dimension} dimensions), ` +
          `but EMBEDDING_MODEL is ${expected.id} (${expected.dimension} dimensions); vectors of two models cannot be mixed. ` +
          `Run \`npm run index -- --full\` to rebuild the index with the new model, or set EMBEDDING_MODEL back.`,
      );
    }
    await verifyFiles(folder, manifest);
    const file = (name: string) => path.join(folder, name);
    try {
      const locations = new Float64Array(new Uint8Array(await fs.readFile(file(indexFiles.locations))).buffer);
      const labelCount = manifest.articles.reduce((count, article) => count + (article.embedded ? article.labels.length : 0), 0);
      const vectors = manifest.model
        ? await HnswIndex.read(file(indexFiles.vectors), manifest.model.dimension, labelCount, {
            m: manifest.hnsw.m,
            efConstruction: manifest.hnsw.efConstruction,
            efSearch: options.efSearch,
          } satisfies HnswOptions)
        : undefined;
      const lexical = LexicalIndex.fromJSON(JSON.parse(await fs.readFile(file(indexFiles.lexical), 'utf8')));
      const store = await ChunkStore.open(folder, manifest.segments, locations);
      return new IndexSnapshot(folder, manifest, vectors, lexical, store);
    } catch (error) {
      if (error instanceof IndexFormatError) throw error;
      throw new IndexFormatError(`The index in ${folder} cannot be read (${errorMessage(error)}): ${REBUILD}.`, { cause: error });
    }
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

  searchDense(vector: Float32Array, k: number): VectorHit[] {
    return this.vectors ? this.vectors.search(vector, k) : [];
  }

  searchLexical(query: string, k: number): Array<{ label: number; score: number }> {
    return this.searchLexicalWithWeights(query, k).hits;
  }

  /** Lexical hits and the weight (inverse document frequency) of each query term the index knows. */
  searchLexicalWithWeights(query: string, k: number): { hits: Array<{ label: number; score: number }>; termWeights: Map<string, number> } {
    const { hits, termWeights } = this.lexical.searchWithWeights(query, k);
    return { hits: hits.map((hit: LexicalHit) => ({ label: Number(hit.id), score: hit.score })), termWeights };
  }

  chunks(labels: number[]): Promise<StoredChunk[]> {
    return this.store.get(labels);
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

export async function readManifest(folder: string): Promise<Manifest> {
  const file = path.join(folder, indexFiles.manifest);
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new IndexFormatError(`The index manifest ${file} is missing or damaged (${errorMessage(error)}): ${REBUILD}.`, { cause: error });
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== INDEX_FORMAT_VERSION) {
    throw new IndexFormatError(
      `The index in ${folder} has format version ${String(version)}, and this version of the bot reads version ${INDEX_FORMAT_VERSION}: ${REBUILD}.`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new IndexFormatError(`The index manifest ${file} is damaged (${parsed.error.issues[0]?.message ?? 'invalid'}): ${REBUILD}.`);
  }
  return parsed.data;
}

/** Checks every file of a generation against the sizes and checksums in its manifest. */
export async function verifyFiles(folder: string, manifest: Manifest): Promise<void> {
  for (const [name, expected] of Object.entries(manifest.files)) {
    const file = path.join(folder, name);
    let actual: { bytes: number; sha256: string };
    try {
      actual = await fileDigest(file);
    } catch (error) {
      throw new IndexFormatError(`The index file ${file} is missing (${errorMessage(error)}): ${REBUILD}.`, { cause: error });
    }
    if (actual.bytes !== expected.bytes) {
      throw new IndexFormatError(`The index file ${file} is truncated or damaged (${actual.bytes} bytes, expected ${expected.bytes}): ${REBUILD}.`);
    }
    if (actual.sha256 !== expected.sha256) {
      throw new IndexFormatError(`The index file ${file} is damaged (its checksum does not match the manifest): ${REBUILD}.`);
    }
  }
}
