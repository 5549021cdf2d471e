import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chunkArticle } from '../../chunk/chunkArticle.ts';
import type { Chunk } from '../../chunk/types.ts';
import type { Embedder, PassageEmbedding, PassageInput } from '../../embed/types.ts';
import { BATCHES_PER_SORT_WINDOW } from '../../embed/onnxEmbedder.ts';
import { ChunkLocations, quantize, SegmentWriter, type StoredChunk } from '../../index/chunkStore.ts';
import { fileDigest, writeFileDurably } from '../../index/generations.ts';
import { HnswIndex } from '../../index/hnswIndex.ts';
import { lexicalFields } from '../../index/lexical/fields.ts';
import { LexicalUpdate } from '../../index/lexical/lexicalIndex.ts';
import { reindex } from '../../index/reindex.ts';
import { defaultStemmer } from '../../text/stemmer.ts';
import type { BenchContext } from '../context.ts';
import { corpusWithChunks, type ParsedCorpus } from '../corpus.ts';
import { modelTimer } from '../modelTimer.ts';
import { RawOrtEmbedder } from '../rawOrt.ts';
import { pairedRatios, summarize, type Summary } from '../stats.ts';

export interface IndexingOptions {
  /** Chunks in the generated corpus that each run reindexes from scratch. */
  chunks: number;
  /** Paired runs (raw, then reindex, alternating which goes first). */
  runs: number;
  /** Batch size and thread settings to compare, on `sweepChunks` chunks each; empty skips the sweep. */
  sweep: Array<{ batchSize: number; threads: number }>;
  sweepChunks: number;
  sweepRuns: number;
}

export interface ThroughputPair {
  batchSize: number;
  threads: number;
  /** Chunks per second of the bare model path (RawOrtEmbedder). */
  raw: Summary;
  /** Chunks per second of a full reindex (chunking, embedding with sentence vectors, HNSW, lexical, store, manifest). */
  reindex: Summary;
  /** reindex / raw, per pair of runs taken back to back. */
  ratio: Summary;
}

export interface IndexingResult extends ThroughputPair {
  chunks: number;
  articles: number;
  /** Mean tokens per chunk (model tokenizer, with prefix and special tokens). */
  tokensPerChunk: number;
  /**
   * Milliseconds per run: for the raw path, inside onnxruntime's session.run and outside it
   * (tokenizing, pooling); for the reindex, inside session.run, the rest of the embedder
   * (tokenizing, pooling, sentence vectors), and everything outside the embedder.
   */
  split: {
    raw: { model: Summary; outside: Summary };
    reindex: { model: Summary; embedderOutsideModel: Summary; outsideEmbedder: Summary };
  };
  /** The same, as a noise-resistant ratio: (raw model + raw outside) / (reindex model + reindex outside), with the medians of each part. */
  ratioFromParts: number;
  /** Milliseconds of each non-model step on the same chunks, timed alone (median of runs). */
  steps: Record<'tokenizeWhole' | 'chunking' | 'hnswInserts' | 'lexicalAnalysis' | 'segmentWrite' | 'lexicalWrite' | 'sha256', Summary>;
  /**
   * Padding tokens the model computes, as a share of real tokens, for the batches the indexer makes
   * (each call of REINDEX_EMBED_BATCH passages sorted by length), and without sorting.
   */
  padding: { sortedPerCall: number; unsorted: number };
  /** Vectors of the reindex path against the raw path tokenizing the same way: lowest cosine over the corpus. */
  agreement: { passages: number; minCosine: number };
  sweep: ThroughputPair[];
}

/** Times the embedder calls a reindex makes, so the rest of the reindex can be told apart. */
class TimedEmbedder implements Embedder {
  ms = 0;
  constructor(private readonly inner: Embedder) {}
  get modelId() {
    return this.inner.modelId;
  }
  get dimension() {
    return this.inner.dimension;
  }
  get profile() {
    return this.inner.profile;
  }
  embedQuery(text: string) {
    return this.inner.embedQuery(text);
  }
  async embedPassages(passages: PassageInput[]): Promise<PassageEmbedding[]> {
    const started = performance.now();
    try {
      return await this.inner.embedPassages(passages);
    } finally {
      this.ms += performance.now() - started;
    }
  }
  dispose() {
    return this.inner.dispose();
  }
}

async function timeRaw(raw: RawOrtEmbedder, texts: string[], group: number): Promise<{ ms: number; modelMs: number }> {
  modelTimer.reset();
  const started = performance.now();
  await raw.embed(texts, group);
  return { ms: performance.now() - started, modelMs: modelTimer.ms };
}

async function timeReindex(embedder: TimedEmbedder, corpus: ParsedCorpus, context: BenchContext, dir: string): Promise<{ ms: number; embedMs: number; modelMs: number }> {
  await fs.rm(dir, { recursive: true, force: true });
  embedder.ms = 0;
  modelTimer.reset();
  const started = performance.now();
  await reindex({ indexDir: dir, articles: corpus.articles, embedder, chunk: context.settings.chunk, hnsw: context.settings.hnsw, full: true });
  return { ms: performance.now() - started, embedMs: embedder.ms, modelMs: modelTimer.ms };
}

/** Passages the embedder sorts by length together (a window of model batches), for the raw model to batch alike. */
const sortWindow = (batchSize: number) => batchSize * BATCHES_PER_SORT_WINDOW;

function loadRaw(context: BenchContext, model: Embedder, settings: { batchSize: number; threads: number }): Promise<RawOrtEmbedder> {
  return RawOrtEmbedder.load({
    modelId: context.settings.model.id,
    localDir: context.settings.model.localDir,
    quantized: context.settings.model.quantized,
    threads: settings.threads,
    batchSize: settings.batchSize,
    maxTokens: 512,
    passagePrefix: model.profile.passagePrefix,
  });
}

async function comparePair(
  context: BenchContext,
  model: Embedder,
  raw: RawOrtEmbedder,
  settings: { batchSize: number; threads: number },
  corpus: ParsedCorpus,
  texts: string[],
  runs: number,
  dir: string,
  startWithReindex = false,
): Promise<ThroughputPair & { embedMs: number[]; totalMs: number[]; rawModelMs: number[]; reindexModelMs: number[]; rawMs: number[] }> {
  const timed = new TimedEmbedder(model);
  // Warm both paths (first calls allocate the session's buffers and compile JS).
  await raw.embed(texts.slice(0, settings.batchSize), sortWindow(settings.batchSize));
  await model.embedPassages(texts.slice(0, settings.batchSize).map((text) => ({ text, sentences: [] })));
  const rawMs: number[] = [];
  const rawModelMs: number[] = [];
  const totalMs: number[] = [];
  const embedMs: number[] = [];
  const reindexModelMs: number[] = [];
  const rawRun = async () => {
    const result = await timeRaw(raw, texts, sortWindow(settings.batchSize));
    rawMs.push(result.ms);
    rawModelMs.push(result.modelMs);
  };
  const reindexRun = async () => {
    const result = await timeReindex(timed, corpus, context, dir);
    totalMs.push(result.ms);
    embedMs.push(result.embedMs);
    reindexModelMs.push(result.modelMs);
  };
  for (let run = 0; run < runs; run += 1) {
    // Alternating which goes first, so neither always runs on the warmer (or busier) machine.
    if ((run % 2 === 1) !== startWithReindex) {
      await reindexRun();
      await rawRun();
    } else {
      await rawRun();
      await reindexRun();
    }
  }
  const perSecond = (ms: number[]) => ms.map((value) => (texts.length / value) * 1000);
  return {
    ...settings,
    raw: summarize(perSecond(rawMs)),
    reindex: summarize(perSecond(totalMs)),
    ratio: summarize(pairedRatios(rawMs, totalMs)),
    embedMs,
    totalMs,
    rawMs,
    rawModelMs,
    reindexModelMs,
  };
}

async function timeSteps(
  context: BenchContext,
  corpus: ParsedCorpus,
  chunks: Chunk[],
  vectors: PassageEmbedding[],
  raw: RawOrtEmbedder,
  runs: number,
): Promise<IndexingResult['steps']> {
  const samples: Record<keyof IndexingResult['steps'], number[]> = {
    tokenizeWhole: [],
    chunking: [],
    hnswInserts: [],
    lexicalAnalysis: [],
    segmentWrite: [],
    lexicalWrite: [],
    sha256: [],
  };
  const titles = new Map(corpus.articles.map((article) => [article.id, article.meta.title]));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-steps-'));
  try {
    for (let run = 0; run < runs; run += 1) {
      let at = performance.now();
      const lap = (name: keyof IndexingResult['steps']) => {
        const now = performance.now();
        samples[name].push(now - at);
        at = now;
      };
      raw.tokenize(chunks.map((chunk) => chunk.text));
      lap('tokenizeWhole');
      for (const article of corpus.articles) chunkArticle(article, context.settings.chunk);
      lap('chunking');
      const hnsw = HnswIndex.create(vectors[0]!.vector.length, context.settings.hnsw);
      vectors.forEach((embedding, label) => hnsw.add(label, embedding.vector));
      lap('hnswInserts');
      const lexical = await LexicalUpdate.start(defaultStemmer.id);
      lexical.add(chunks.map((chunk, label) => ({ label, fields: lexicalFields(chunk, titles.get(chunk.articleId) ?? '') })));
      lap('lexicalAnalysis');
      const records: StoredChunk[] = chunks.map((chunk, label) => ({
        ...chunk,
        label,
        sentenceVectors: vectors[label]!.sentences.map((vector) => (vector ? quantize(vector) : null)),
      }));
      const segment = path.join(dir, `segment-${run}.jsonl`);
      const writer = await SegmentWriter.create(segment, 0, ChunkLocations.empty());
      await writer.append(records);
      await writer.close();
      lap('segmentWrite');
      const written = await lexical.write({
        generation: `bench-${run}`,
        carryFile: () => Promise.reject(new Error('a first generation carries nothing')),
        writeFile: (name, data) => writeFileDurably(path.join(dir, name), data),
      });
      lap('lexicalWrite');
      await fileDigest(segment);
      for (const { name } of written.segments) await fileDigest(path.join(dir, name));
      lap('sha256');
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summarize(values)])) as IndexingResult['steps'];
}

/** Padding tokens over real tokens when `lengths` are cut into calls of `group`, each sorted (or not) and batched. */
function paddingShare(lengths: number[], group: number, batchSize: number, sorted: boolean): number {
  let real = 0;
  let padded = 0;
  for (let first = 0; first < lengths.length; first += group) {
    const call = lengths.slice(first, first + group);
    if (sorted) call.sort((a, b) => a - b);
    for (let start = 0; start < call.length; start += batchSize) {
      const batch = call.slice(start, start + batchSize);
      const longest = Math.max(...batch);
      for (const length of batch) {
        real += length;
        padded += longest - length;
      }
    }
  }
  return padded / real;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Batch size and thread settings compared round-robin: every setting gets one paired run per
 * round, so a busy spell on the machine hits all of them rather than one.
 */
async function runSweep(context: BenchContext, options: IndexingOptions): Promise<ThroughputPair[]> {
  const { settings } = context;
  const corpus = corpusWithChunks(options.sweepChunks, settings.chunk, { seed: context.seed + 2, xquadDir: context.xquadDir });
  const texts = corpus.articles.flatMap((article) => chunkArticle(article, settings.chunk)).map((chunk) => chunk.text);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-sweep-'));
  const contenders = [];
  try {
    for (const candidate of options.sweep) {
      const model = await context.loadModel!(candidate);
      contenders.push({ candidate, model, raw: await loadRaw(context, model, candidate), rawMs: [] as number[], totalMs: [] as number[] });
    }
    for (let round = 0; round < options.sweepRuns; round += 1) {
      context.log(`indexing sweep: round ${round + 1}/${options.sweepRuns} over ${contenders.length} settings`);
      for (const contender of contenders) {
        const pair = await comparePair(context, contender.model, contender.raw, contender.candidate, corpus, texts, 1, dir, round % 2 === 1);
        contender.rawMs.push(...pair.rawMs);
        contender.totalMs.push(...pair.totalMs);
      }
    }
    const perSecond = (ms: number[]) => ms.map((value) => (texts.length / value) * 1000);
    return contenders.map(({ candidate, rawMs, totalMs }) => ({
      ...candidate,
      raw: summarize(perSecond(rawMs)),
      reindex: summarize(perSecond(totalMs)),
      ratio: summarize(pairedRatios(rawMs, totalMs)),
    }));
  } finally {
    for (const contender of contenders) await contender.model.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Full-reindex throughput against the bare model: a generated corpus is reindexed from scratch
 * (chunking, embedding with sentence vectors, HNSW, lexical index, chunk store, checksums, fsync)
 * and the same chunk texts are embedded by RawOrtEmbedder with the same batches and threads, in
 * alternating order. Then each non-model step is timed alone, and batch/thread settings compared.
 */
export async function runIndexing(context: BenchContext, options: IndexingOptions): Promise<IndexingResult> {
  const model = context.model;
  if (!model || !context.loadModel) throw new Error('the indexing section needs the model');
  modelTimer.install();
  const { settings } = context;
  const corpus = corpusWithChunks(options.chunks, settings.chunk, { seed: context.seed + 1, xquadDir: context.xquadDir });
  const chunks = corpus.articles.flatMap((article) => chunkArticle(article, settings.chunk));
  const texts = chunks.map((chunk) => chunk.text);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-reindex-'));
  try {
    context.log(`indexing: ${chunks.length} chunks × ${options.runs} paired runs (batch ${settings.model.batchSize}, ${settings.model.threads} threads)`);
    const current = { batchSize: settings.model.batchSize, threads: settings.model.threads };
    const raw = await loadRaw(context, model, current);
    const main = await comparePair(context, model, raw, current, corpus, texts, options.runs, dir);
    const tokens = raw.tokenize(texts);
    const vectors = await model.embedPassages(chunks.map((chunk) => ({ text: chunk.text, sentences: chunk.sentences })));
    const reference = await raw.embedLikeIndexer(chunks.map((chunk) => ({ text: chunk.text, sentences: chunk.sentences })));
    const minCosine = Math.min(...vectors.map((embedding, i) => cosine(embedding.vector, reference[i]!)));
    context.log('indexing: timing each step alone');
    const steps = await timeSteps(context, corpus, chunks, vectors, raw, options.runs);

    const sweep = options.sweep.length > 0 ? await runSweep(context, options) : [];
    const { embedMs, totalMs, rawMs, rawModelMs, reindexModelMs, ...pair } = main;
    const median = (values: number[]) => summarize(values).median;
    const rawOutside = rawMs.map((ms, i) => ms - rawModelMs[i]!);
    const reindexOutside = totalMs.map((ms, i) => ms - reindexModelMs[i]!);
    const ratioFromParts = (median(rawModelMs) + median(rawOutside)) / (median(reindexModelMs) + median(reindexOutside));
    return {
      ...pair,
      chunks: chunks.length,
      articles: corpus.articles.length,
      tokensPerChunk: tokens.reduce((sum, sequence) => sum + sequence.length, 0) / tokens.length,
      split: {
        raw: { model: summarize(rawModelMs), outside: summarize(rawOutside) },
        reindex: {
          model: summarize(reindexModelMs),
          embedderOutsideModel: summarize(embedMs.map((ms, i) => ms - reindexModelMs[i]!)),
          outsideEmbedder: summarize(totalMs.map((total, i) => total - embedMs[i]!)),
        },
      },
      ratioFromParts,
      steps,
      padding: {
        sortedPerCall: paddingShare(tokens.map((sequence) => sequence.length), sortWindow(settings.model.batchSize), settings.model.batchSize, true),
        unsorted: paddingShare(tokens.map((sequence) => sequence.length), sortWindow(settings.model.batchSize), settings.model.batchSize, false),
      },
      agreement: { passages: vectors.length, minCosine },
      sweep,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
