import fs from 'node:fs/promises';
import path from 'node:path';
import { chunkArticle } from '../chunk/chunkArticle.ts';
import type { Chunk } from '../chunk/types.ts';
import type { Article } from '../corpus/types.ts';
import type { Embedder } from '../embed/types.ts';
import { IndexFormatError, IndexMismatchError } from '../errors.ts';
import { LexicalIndex } from '../search/lexical.ts';
import type { Logger } from '../util/logger.ts';
import { silentLogger } from '../util/logger.ts';
import { ChunkStore, clearLocation, emptyLocations, growLocations, quantize, writeSegment, type StoredChunk } from './chunkStore.ts';
import {
  fileDigest,
  newGenerationName,
  publishGeneration,
  readCurrent,
  removeStaleGenerations,
  temporaryFolder,
  writeFileDurably,
} from './generations.ts';
import { HnswIndex, type HnswOptions } from './hnswIndex.ts';
import { indexFiles, readManifest, verifyFiles } from './indexSnapshot.ts';
import { INDEX_FORMAT_VERSION, type ArticleEntry, type Manifest } from './manifest.ts';

export interface ReindexProgress {
  phase: 'embedding';
  done: number;
  total: number;
}

export interface ReindexOptions {
  indexDir: string;
  /** The corpus as it is now: the index is brought in line with it. */
  articles: Article[];
  /** Undefined when the model is unavailable: chunks are indexed lexically and embedded by a later reindex. */
  embedder: Embedder | undefined;
  chunk: { maxTokens: number; overlapSentences: number };
  hnsw: HnswOptions;
  /** Rebuild from scratch instead of updating the live generation. */
  full?: boolean;
  /** Passages handed to the embedder per call (progress is reported after each). */
  embedBatch?: number;
  onProgress?: (progress: ReindexProgress) => void;
  now?: () => Date;
  logger?: Logger;
  /** Runs once the new generation is written and before it is published (tests use it to fail at the worst moment). */
  beforePublish?: () => Promise<void> | void;
}

export interface ReindexSummary {
  generation: string;
  full: boolean;
  articles: { added: string[]; updated: string[]; removed: string[]; embedded: string[]; unchanged: number; total: number };
  chunks: { added: number; removed: number; total: number; withoutVectors: number };
  model: string | null;
  seconds: number;
}

interface Previous {
  folder: string;
  generation: string;
  manifest: Manifest;
}

interface Pending {
  chunk: Chunk;
  label: number;
}

async function readPrevious(indexDir: string, options: ReindexOptions, logger: Logger): Promise<Previous | undefined> {
  if (options.full) return undefined;
  const generation = await readCurrent(indexDir);
  if (!generation) return undefined;
  const folder = path.join(indexDir, generation);
  let manifest: Manifest;
  try {
    manifest = await readManifest(folder);
    await verifyFiles(folder, manifest);
  } catch (error) {
    if (!(error instanceof IndexFormatError)) throw error;
    logger.warn({ reason: error.message }, 'the current index cannot be read; rebuilding it from the corpus');
    return undefined;
  }
  const { chunker, model } = manifest;
  if (chunker.maxTokens !== options.chunk.maxTokens || chunker.overlapSentences !== options.chunk.overlapSentences) {
    throw new IndexMismatchError(
      `The index in ${folder} was chunked with CHUNK_MAX_TOKENS=${chunker.maxTokens} and CHUNK_OVERLAP_SENTENCES=${chunker.overlapSentences}; ` +
        `the settings now say ${options.chunk.maxTokens} and ${options.chunk.overlapSentences}. Run \`npm run index -- --full\` to rebuild with the new settings.`,
    );
  }
  const embedder = options.embedder;
  if (embedder && model && (model.id !== embedder.modelId || model.dimension !== embedder.dimension)) {
    throw new IndexMismatchError(
      `The index in ${folder} was built with the model ${model.id} (${model.dimension} dimensions), but EMBEDDING_MODEL is ` +
        `${embedder.modelId} (${embedder.dimension} dimensions). Run \`npm run index -- --full\` to rebuild it with the new model.`,
    );
  }
  return { folder, generation, manifest };
}

/** The manifest's record of an indexed article. */
export function articleEntry(article: Article, labels: number[], embedded: boolean, now: Date): ArticleEntry {
  return {
    id: article.id,
    file: article.file,
    title: article.meta.title,
    ...(article.meta.source && { source: article.meta.source }),
    ...(article.meta.url && { url: article.meta.url }),
    ...(article.meta.published && { published: article.meta.published }),
    language: article.meta.language,
    contentHash: article.contentHash,
    labels,
    embedded,
    indexedAt: now.toISOString(),
  };
}

/**
 * Brings the index in line with the corpus: new articles are chunked, embedded and added, changed
 * ones replaced, removed ones deleted, and unchanged ones cost nothing. The result is written as a
 * new generation and published atomically; the live one is never modified.
 */
export async function reindex(options: ReindexOptions): Promise<ReindexSummary> {
  const started = performance.now();
  const now = (options.now ?? (() => new Date()))();
  const logger = options.logger ?? silentLogger;
  const { indexDir, embedder } = options;
  await fs.mkdir(indexDir, { recursive: true });
  const previous = await readPrevious(indexDir, options, logger);
  const previousFile = (name: string) => path.join(previous!.folder, name);

  const model = embedder
    ? { id: embedder.modelId, dimension: embedder.dimension, ...embedder.profile }
    : (previous?.manifest.model ?? null);
  const vectors =
    previous?.manifest.model && model
      ? await HnswIndex.read(previousFile(indexFiles.vectors), model.dimension, countEmbedded(previous.manifest), options.hnsw)
      : model && embedder
        ? HnswIndex.create(model.dimension, options.hnsw)
        : undefined;
  const lexical = previous
    ? LexicalIndex.fromJSON(JSON.parse(await fs.readFile(previousFile(indexFiles.lexical), 'utf8')))
    : LexicalIndex.create();
  let locations = previous
    ? new Float64Array(new Uint8Array(await fs.readFile(previousFile(indexFiles.locations))).buffer.slice(0))
    : emptyLocations(0);
  let nextLabel = previous?.manifest.nextLabel ?? 0;

  const previousEntries = new Map((previous?.manifest.articles ?? []).map((entry) => [entry.id, entry]));
  const summary: ReindexSummary['articles'] = { added: [], updated: [], removed: [], embedded: [], unchanged: 0, total: options.articles.length };
  let removedChunks = 0;
  const removeEntry = (entry: ArticleEntry) => {
    for (const label of entry.labels) {
      if (entry.embedded && vectors) vectors.remove(label);
      clearLocation(locations, label);
    }
    lexical.remove(entry.labels.map(String));
    removedChunks += entry.labels.length;
  };

  const entries: ArticleEntry[] = [];
  const fresh: Pending[] = [];
  const reembed: Array<{ entryIndex: number; labels: number[] }> = [];
  const currentIds = new Set(options.articles.map((article) => article.id));
  for (const entry of previousEntries.values()) {
    if (!currentIds.has(entry.id)) {
      removeEntry(entry);
      summary.removed.push(entry.id);
    }
  }
  for (const article of options.articles) {
    const old = previousEntries.get(article.id);
    if (old && old.contentHash === article.contentHash) {
      entries.push({ ...old, file: article.file });
      if (!old.embedded && embedder) {
        reembed.push({ entryIndex: entries.length - 1, labels: old.labels });
        summary.embedded.push(article.id);
      } else {
        summary.unchanged += 1;
      }
      continue;
    }
    if (old) {
      removeEntry(old);
      summary.updated.push(article.id);
    } else {
      summary.added.push(article.id);
    }
    const labels: number[] = [];
    for (const chunk of chunkArticle(article, options.chunk)) {
      fresh.push({ chunk, label: nextLabel });
      labels.push(nextLabel);
      nextLabel += 1;
    }
    entries.push(articleEntry(article, labels, embedder !== undefined, now));
  }

  // Chunks of unchanged articles indexed while the model was unavailable are read back to be embedded now.
  const pending: Pending[] = [...fresh];
  if (reembed.length > 0 && previous) {
    const store = await ChunkStore.open(previous.folder, previous.manifest.segments, locations);
    try {
      for (const { entryIndex, labels } of reembed) {
        for (const stored of await store.get(labels)) pending.push({ chunk: stored, label: stored.label });
        entries[entryIndex] = { ...entries[entryIndex]!, embedded: true, indexedAt: now.toISOString() };
      }
    } finally {
      await store.close();
    }
  }

  const records: StoredChunk[] = [];
  const batch = options.embedBatch ?? 64;
  const total = embedder ? pending.length : 0;
  for (let start = 0; start < pending.length; start += batch) {
    const slice = pending.slice(start, start + batch);
    const embeddings = embedder ? await embedder.embedPassages(slice.map(({ chunk }) => ({ text: chunk.text, sentences: chunk.sentences }))) : undefined;
    slice.forEach(({ chunk, label }, i) => {
      const embedding = embeddings?.[i];
      if (embedding && vectors) vectors.add(label, embedding.vector);
      records.push({
        id: chunk.id,
        articleId: chunk.articleId,
        section: chunk.section,
        paragraphs: chunk.paragraphs,
        text: chunk.text,
        sentences: chunk.sentences,
        span: chunk.span,
        label,
        sentenceVectors: embedding ? embedding.sentences.map((vector) => (vector ? quantize(vector) : null)) : chunk.sentences.map(() => null),
      });
    });
    if (embedder) options.onProgress?.({ phase: 'embedding', done: Math.min(start + batch, total), total });
  }
  lexical.add(fresh.map(({ chunk, label }) => ({ id: String(label), text: chunk.text })));

  const generation = newGenerationName(now);
  const folder = temporaryFolder(indexDir, generation);
  await fs.rm(folder, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true });

  // Segments of the previous generation that still hold live chunks are carried over by hard link.
  locations = growLocations(locations, nextLabel);
  const previousSegments = previous?.manifest.segments ?? [];
  const inUse = new Set<number>();
  for (let label = 0; label < nextLabel; label += 1) if (locations[label * 3 + 2]! > 0) inUse.add(locations[label * 3]!);
  const segments: string[] = [];
  const renumber = new Map<number, number>();
  for (const [index, segment] of previousSegments.entries()) {
    if (!inUse.has(index)) continue;
    renumber.set(index, segments.length);
    segments.push(segment);
    await fs.link(previousFile(segment), path.join(folder, segment)).catch(() => fs.copyFile(previousFile(segment), path.join(folder, segment)));
  }
  for (let label = 0; label < nextLabel; label += 1) {
    if (locations[label * 3 + 2]! > 0) locations[label * 3] = renumber.get(locations[label * 3]!)!;
  }
  if (records.length > 0) {
    const segment = `chunks-${generation}.jsonl`;
    await writeSegment(path.join(folder, segment), segments.length, records, locations);
    segments.push(segment);
  }

  await writeFileDurably(path.join(folder, indexFiles.locations), new Uint8Array(locations.buffer, 0, nextLabel * 3 * 8));
  await writeFileDurably(path.join(folder, indexFiles.lexical), JSON.stringify(lexical.toJSON()));
  if (vectors && model) await vectors.write(path.join(folder, indexFiles.vectors));

  const files: Manifest['files'] = {};
  for (const name of [...segments, indexFiles.locations, indexFiles.lexical, ...(vectors && model ? [indexFiles.vectors] : [])]) {
    files[name] = await fileDigest(path.join(folder, name));
  }
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    createdAt: now.toISOString(),
    model: vectors ? model : null,
    chunker: { maxTokens: options.chunk.maxTokens, overlapSentences: options.chunk.overlapSentences },
    hnsw: { m: options.hnsw.m, efConstruction: options.hnsw.efConstruction },
    nextLabel,
    segments,
    articles: entries,
    files,
  };
  await writeFileDurably(path.join(folder, indexFiles.manifest), JSON.stringify(manifest));
  await options.beforePublish?.();
  await publishGeneration(indexDir, generation);
  await removeStaleGenerations(indexDir, [generation, ...(previous ? [previous.generation] : [])]);

  const totalChunks = entries.reduce((count, entry) => count + entry.labels.length, 0);
  return {
    generation,
    full: previous === undefined,
    articles: summary,
    chunks: {
      added: fresh.length,
      removed: removedChunks,
      total: totalChunks,
      withoutVectors: entries.reduce((count, entry) => count + (entry.embedded && vectors ? 0 : entry.labels.length), 0),
    },
    model: manifest.model?.id ?? null,
    seconds: (performance.now() - started) / 1000,
  };
}

function countEmbedded(manifest: Manifest): number {
  return manifest.articles.reduce((count, article) => count + (article.embedded ? article.labels.length : 0), 0);
}
