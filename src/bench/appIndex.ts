import fs from 'node:fs/promises';
import { chunkArticle } from '../chunk/chunkArticle.ts';
import { ChunkLocations, quantize, type StoredChunk } from '../index/chunkStore.ts';
import { GenerationWriter } from '../index/generationWriter.ts';
import { lexicalFields } from '../index/lexical/fields.ts';
import { LexicalUpdate } from '../index/lexical/lexicalIndex.ts';
import { indexFiles, type ArticleEntry, type ModelStamp } from '../index/manifest.ts';
import { articleEntry } from '../index/manifest.ts';
import { defaultStemmer } from '../text/stemmer.ts';
import { corpusWithChunks } from './corpus.ts';
import { Random } from './random.ts';
import { perturb, syntheticVectors, vectorAt } from './vectors.ts';

export interface AppIndexJob {
  type: 'app-index';
  /** Chunks in the index (exactly: the generated corpus is cut to this many). */
  size: number;
  /** Index folder to create (the bot's DATA_DIR/index). */
  indexDir: string;
  /** An HNSW file of `size` clustered vectors built by the growth section (labels 0..size-1), linked in as the vector index. */
  hnswFile: string;
  vectorSeed: number;
  seed: number;
  xquadDir: string | undefined;
  chunk: { maxTokens: number; overlapSentences: number };
  hnsw: { m: number; efConstruction: number };
  model: ModelStamp;
}

export interface AppIndexResult {
  chunks: number;
  articles: number;
  ms: number;
  bytes: Record<string, number>;
}

/**
 * A complete index generation of `size` generated chunks, as reindex would write it, without the
 * model and without building HNSW again: chunk texts, sentences and citations come from the
 * generated corpus, the lexical index is built from them, and the vectors are the growth
 * section's clustered HNSW index (sentence vectors are noisy copies of each chunk's vector).
 * The bot opens it like any other index; memory and cold start are measured on it.
 */
export async function buildAppIndexJob(job: AppIndexJob): Promise<AppIndexResult> {
  const started = performance.now();
  const corpus = corpusWithChunks(job.size, job.chunk, { seed: job.seed, xquadDir: job.xquadDir });
  const { set } = syntheticVectors('clustered', job.size, job.model.dimension, job.vectorSeed);
  const random = new Random(job.seed);
  const now = new Date();
  const records: StoredChunk[] = [];
  const entries: ArticleEntry[] = [];
  const lexical = await LexicalUpdate.start(defaultStemmer.id);
  for (const article of corpus.articles) {
    if (records.length >= job.size) break;
    const labels: number[] = [];
    for (const chunk of chunkArticle(article, job.chunk)) {
      if (records.length >= job.size) break;
      const label = records.length;
      const vector = vectorAt(set, label);
      records.push({ ...chunk, label, sentenceVectors: chunk.sentences.map(() => quantize(perturb(vector, 0.5, random))) });
      labels.push(label);
      lexical.add([{ label, fields: lexicalFields(chunk, article.meta.title) }]);
    }
    entries.push(articleEntry(article, labels, true, now));
  }

  await fs.rm(job.indexDir, { recursive: true, force: true });
  await fs.mkdir(job.indexDir, { recursive: true });
  const writer = await GenerationWriter.begin(job.indexDir, now);
  const locations = ChunkLocations.empty();
  const segment = await writer.newSegment(locations);
  await segment.append(records);
  await segment.close();
  await writer.writeLocations(locations, records.length);
  const lexicalManifest = await lexical.write(writer);
  await writer.linkVectors(job.hnswFile);
  const manifest = await writer.publish({
    model: job.model,
    chunker: job.chunk,
    hnsw: job.hnsw,
    nextLabel: records.length,
    lexical: lexicalManifest,
    articles: entries,
  });
  const bytes: Record<string, number> = { [indexFiles.manifest]: Buffer.byteLength(JSON.stringify(manifest)) };
  for (const [name, file] of Object.entries(manifest.files)) {
    const kind = manifest.segments.includes(name) ? 'segment' : name.startsWith('lexical-') ? 'lexical' : name;
    bytes[kind] = (bytes[kind] ?? 0) + file.bytes;
  }
  return { chunks: records.length, articles: entries.length, ms: performance.now() - started, bytes };
}
