import fs from 'node:fs/promises';
import path from 'node:path';
import { chunkArticle } from '../chunk/chunkArticle.ts';
import { quantize, writeSegment, type StoredChunk } from '../index/chunkStore.ts';
import { fileDigest, newGenerationName, publishGeneration, temporaryFolder, writeFileDurably } from '../index/generations.ts';
import { indexFiles } from '../index/indexSnapshot.ts';
import { articleEntry } from '../index/reindex.ts';
import { INDEX_FORMAT_VERSION, type ArticleEntry, type Manifest, type ModelStamp } from '../index/manifest.ts';
import { LexicalIndex } from '../search/lexical.ts';
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
  const lexical = LexicalIndex.create();
  for (const article of corpus.articles) {
    if (records.length >= job.size) break;
    const labels: number[] = [];
    const docs: Array<{ id: string; text: string }> = [];
    for (const chunk of chunkArticle(article, job.chunk)) {
      if (records.length >= job.size) break;
      const label = records.length;
      const vector = vectorAt(set, label);
      records.push({ ...chunk, label, sentenceVectors: chunk.sentences.map(() => quantize(perturb(vector, 0.5, random))) });
      labels.push(label);
      docs.push({ id: String(label), text: chunk.text });
    }
    lexical.add(docs);
    entries.push(articleEntry(article, labels, true, now));
  }

  await fs.rm(job.indexDir, { recursive: true, force: true });
  await fs.mkdir(job.indexDir, { recursive: true });
  const generation = newGenerationName(now);
  const folder = temporaryFolder(job.indexDir, generation);
  await fs.mkdir(folder, { recursive: true });
  const segment = `chunks-${generation}.jsonl`;
  const locations = new Float64Array(records.length * 3);
  await writeSegment(path.join(folder, segment), 0, records, locations);
  await writeFileDurably(path.join(folder, indexFiles.locations), new Uint8Array(locations.buffer));
  await writeFileDurably(path.join(folder, indexFiles.lexical), JSON.stringify(lexical.toJSON()));
  await fs.link(job.hnswFile, path.join(folder, indexFiles.vectors)).catch(() => fs.copyFile(job.hnswFile, path.join(folder, indexFiles.vectors)));
  const files: Manifest['files'] = {};
  const bytes: Record<string, number> = {};
  for (const name of [segment, indexFiles.locations, indexFiles.lexical, indexFiles.vectors]) {
    files[name] = await fileDigest(path.join(folder, name));
    bytes[name === segment ? 'segment' : name] = files[name].bytes;
  }
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    createdAt: now.toISOString(),
    model: job.model,
    chunker: { maxTokens: job.chunk.maxTokens, overlapSentences: job.chunk.overlapSentences },
    hnsw: job.hnsw,
    nextLabel: records.length,
    segments: [segment],
    articles: entries,
    files,
  };
  const manifestJson = JSON.stringify(manifest);
  await writeFileDurably(path.join(folder, indexFiles.manifest), manifestJson);
  bytes[indexFiles.manifest] = Buffer.byteLength(manifestJson);
  await publishGeneration(job.indexDir, generation);
  return { chunks: records.length, articles: entries.length, ms: performance.now() - started, bytes };
}
