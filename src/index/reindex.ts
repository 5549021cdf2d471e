import fs from 'node:fs/promises';
import path from 'node:path';
import { chunkArticle } from '../chunk/chunkArticle.ts';
import type { Chunk } from '../chunk/types.ts';
import type { Embedder } from '../embed/types.ts';
import { IndexFormatError } from '../errors.ts';
import { defaultStemmer } from '../text/stemmer.ts';
import type { Logger } from '../util/logger.ts';
import { silentLogger } from '../util/logger.ts';
import { ChunkLocations, ChunkStore, quantize, type StoredChunk } from './chunkStore.ts';
import { readCurrent } from './generations.ts';
import { GenerationWriter } from './generationWriter.ts';
import { HnswIndex, type HnswOptions } from './hnswIndex.ts';
import { readLocations, readVectors } from './indexSnapshot.ts';
import { lexicalFields } from './lexical/fields.ts';
import { LexicalUpdate } from './lexical/lexicalIndex.ts';
import { articleEntry, assertSameAnalysis, assertSameChunker, assertSameModel, chunkerStamp, readManifest, verifyFiles, type ArticleEntry, type Manifest, type ModelStamp } from './manifest.ts';
import { planReindex, planSummary, type ReindexPlan } from './reindexPlan.ts';
import type { ReindexSummary, StoreReindexRequest } from './store.ts';

export type { ReindexProgress, ReindexSummary } from './store.ts';


export interface ReindexOptions extends StoreReindexRequest {
  indexDir: string;
  /** Runs once the new generation is written and before it is published (tests use it to fail at the worst moment). */
  beforePublish?: () => Promise<void> | void;
}


interface Previous {
  folder: string;
  generation: string;
  manifest: Manifest;
}

/** The previous generation's parts, modified in memory into the next one's. */
interface WorkingIndex {
  model: ModelStamp | null;
  vectors: HnswIndex | undefined;
  lexical: LexicalUpdate;
  locations: ChunkLocations;
  nextLabel: number;
}

interface Pending {
  chunk: Chunk;
  label: number;
}

/**
 * Brings the index in line with the corpus: new articles are chunked, embedded and added, changed
 * ones replaced, removed ones deleted, and unchanged ones cost nothing. The result is written as a
 * new generation and published atomically; the live one is never modified.
 */
export async function reindex(options: ReindexOptions): Promise<ReindexSummary> {
  const started = performance.now();
  const now = (options.now ?? (() => new Date()))();
  await fs.mkdir(options.indexDir, { recursive: true });
  const previous = await readPrevious(options, options.logger ?? silentLogger);
  const working = await openWorkingIndex(previous, options);
  try {
    const plan = planReindex(previous?.manifest.articles ?? [], options.articles, options.embedder !== undefined);
    const removedChunks = removeOldChunks(working, plan);
    const { entries, fresh, reembed } = assignChunks(plan, working, options, now);
    const pending = [...fresh, ...(await readStoredChunks(previous, working.locations, reembed))];
    const records = await embedChunks(pending, options.embedder, working.vectors, options.onProgress);
    const { writer, lexical } = await writeGeneration(previous, working, records, now, options.indexDir);
    const manifest = await writer.publish(
      {
        model: working.vectors ? working.model : null,
        chunker: chunkerStamp(options.chunk),
        hnsw: hnswStamp(options.hnsw),
        nextLabel: working.nextLabel,
        lexical,
        articles: entries,
      },
      { keep: previous ? [previous.generation] : [], ...(options.beforePublish && { beforePublish: options.beforePublish }) },
    );
    return {
      generation: writer.generation,
      full: previous === undefined,
      articles: planSummary(plan),
      chunks: {
        added: fresh.length,
        removed: removedChunks,
        total: entries.reduce((count, entry) => count + entry.labels.length, 0),
        withoutVectors: entries.reduce((count, entry) => count + (entry.embedded && working.vectors ? 0 : entry.labels.length), 0),
      },
      model: manifest.model?.id ?? null,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    working.lexical.close();
  }
}


export function hnswStamp(hnsw: HnswOptions): Manifest['hnsw'] {
  return { m: hnsw.m, efConstruction: hnsw.efConstruction };
}

/** The live generation to update, or undefined to build from scratch (asked to, none yet, or unreadable). */
async function readPrevious(options: ReindexOptions, logger: Logger): Promise<Previous | undefined> {
  if (options.full) return undefined;
  const generation = await readCurrent(options.indexDir);
  if (!generation) return undefined;
  const folder = path.join(options.indexDir, generation);
  let manifest: Manifest;
  try {
    manifest = await readManifest(folder);
    await verifyFiles(folder, manifest, { checksums: true });
    assertSameAnalysis(folder, manifest, defaultStemmer.id);
  } catch (error) {
    if (!(error instanceof IndexFormatError)) throw error;
    logger.warn({ reason: error.message }, 'the current index cannot be read; rebuilding it from the corpus');
    return undefined;
  }
  assertSameChunker(folder, manifest.chunker, chunkerStamp(options.chunk));
  assertSameModel(folder, manifest.model, options.embedder && { id: options.embedder.modelId, dimension: options.embedder.dimension });
  return { folder, generation, manifest };
}

async function openWorkingIndex(previous: Previous | undefined, options: ReindexOptions): Promise<WorkingIndex> {
  const { embedder } = options;
  const model = embedder ? { id: embedder.modelId, dimension: embedder.dimension, ...embedder.profile } : (previous?.manifest.model ?? null);
  const vectors =
    previous?.manifest.model && model
      ? await readVectors(previous.folder, previous.manifest, options.hnsw.efSearch)
      : model && embedder
        ? HnswIndex.create(model.dimension, options.hnsw)
        : undefined;
  return {
    model,
    vectors,
    lexical: await LexicalUpdate.start(defaultStemmer.id, previous && { folder: previous.folder, manifest: previous.manifest.lexical }),
    locations: previous ? await readLocations(previous.folder) : ChunkLocations.empty(),
    nextLabel: previous?.manifest.nextLabel ?? 0,
  };
}

/** Takes the chunks of removed and changed articles out of the index; returns how many went. */
function removeOldChunks(working: WorkingIndex, plan: ReindexPlan): number {
  const old = [...plan.removed, ...plan.steps.flatMap((step) => (step.kind === 'updated' ? [step.previous] : []))];
  for (const entry of old) {
    for (const label of entry.labels) {
      if (entry.embedded && working.vectors) working.vectors.remove(label);
      working.locations.clear(label);
    }
    working.lexical.remove(entry.labels);
  }
  return old.reduce((count, entry) => count + entry.labels.length, 0);
}

/** The manifest entries in corpus order, the new chunks with their labels, and the labels to embed again. */
function assignChunks(plan: ReindexPlan, working: WorkingIndex, options: ReindexOptions, now: Date) {
  const entries: ArticleEntry[] = [];
  const fresh: Pending[] = [];
  const reembed: number[] = [];
  for (const step of plan.steps) {
    if (step.kind === 'unchanged') {
      entries.push({ ...step.entry, file: step.article.file });
    } else if (step.kind === 'embed') {
      entries.push({ ...step.entry, file: step.article.file, embedded: true, indexedAt: now.toISOString() });
      reembed.push(...step.entry.labels);
    } else {
      const labels = chunkArticle(step.article, options.chunk).map((chunk) => {
        const label = working.nextLabel++;
        fresh.push({ chunk, label });
        working.lexical.add([{ label, fields: lexicalFields(chunk, step.article.meta.title) }]);
        return label;
      });
      entries.push(articleEntry(step.article, labels, options.embedder !== undefined, now));
    }
  }
  return { entries, fresh, reembed };
}

/** Chunks of unchanged articles indexed while the model was unavailable, read back to be embedded now. */
async function readStoredChunks(previous: Previous | undefined, locations: ChunkLocations, labels: number[]): Promise<Pending[]> {
  if (labels.length === 0 || !previous) return [];
  const store = await ChunkStore.open(previous.folder, previous.manifest.segments, locations);
  try {
    return (await store.get(labels)).map((stored) => ({ chunk: stored, label: stored.label }));
  } finally {
    await store.close();
  }
}

/** Embeds the chunks (when there is a model), adds their vectors and returns them as the chunk store keeps them. */
async function embedChunks(
  pending: Pending[],
  embedder: Embedder | undefined,
  vectors: HnswIndex | undefined,
  onProgress: ReindexOptions['onProgress'],
): Promise<StoredChunk[]> {
  const embeddings = embedder
    ? await embedder.embedPassages(
        pending.map(({ chunk }) => ({ text: chunk.text, sentences: chunk.sentences })),
        { onProgress: (done, total) => onProgress?.({ phase: 'embedding', done, total }) },
      )
    : undefined;
  return pending.map(({ chunk, label }, i) => {
    const embedding = embeddings?.[i];
    if (embedding && vectors) vectors.add(label, embedding.vector);
    return {
      id: chunk.id,
      articleId: chunk.articleId,
      section: chunk.section,
      paragraphs: chunk.paragraphs,
      text: chunk.text,
      sentences: chunk.sentences,
      span: chunk.span,
      label,
      sentenceVectors: embedding ? embedding.sentences.map((vector) => (vector ? quantize(vector) : null)) : chunk.sentences.map(() => null),
    };
  });
}

/** Writes every file of the next generation: carried-over segments by link, the new chunks, the indexes. */
async function writeGeneration(previous: Previous | undefined, working: WorkingIndex, records: StoredChunk[], now: Date, indexDir: string) {
  const writer = await GenerationWriter.begin(indexDir, now);
  const { locations } = working;
  const inUse = locations.segmentsInUse();
  const renumber = new Map<number, number>();
  for (const [index, segment] of (previous?.manifest.segments ?? []).entries()) {
    if (!inUse.has(index)) continue;
    renumber.set(index, writer.segmentCount);
    await writer.carrySegment(previous!.folder, segment);
  }
  locations.renumberSegments(renumber);
  if (records.length > 0) {
    const segment = await writer.newSegment(locations);
    await segment.append(records);
    await segment.close();
  }
  await writer.writeLocations(locations, working.nextLabel);
  const lexical = await working.lexical.write(writer);
  if (working.vectors && working.model) await writer.writeVectors(working.vectors);
  return { writer, lexical };
}
