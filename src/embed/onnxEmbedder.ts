import fs from 'node:fs';
import path from 'node:path';
import { AutoConfig, AutoTokenizer, env, type PreTrainedTokenizer } from '@xenova/transformers';
import { getModelFile } from '@xenova/transformers/src/utils/hub.js';
import ort from 'onnxruntime-node';
import { ModelLoadError, errorMessage } from '../errors.ts';
import type { ModelProfile } from './profiles.ts';
import type { EmbedPassagesOptions, Embedder, PassageEmbedding, PassageInput } from './types.ts';

export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

export interface OnnxEmbedderOptions {
  /** Hugging Face model id in the Transformers.js layout (config.json, tokenizer.json, onnx/). */
  modelId: string;
  /** Searched first: <localDir>/<modelId>/. */
  localDir: string;
  /** Where downloads are cached: <cacheDir>/<modelId>/. */
  cacheDir: string;
  allowRemote: boolean;
  quantized: boolean;
  /** Intra-op threads of the ONNX session. */
  threads: number;
  /** Sequences per model call. */
  batchSize: number;
  profile: ModelProfile;
  /** Longest token sequence given to the model; longer inputs are truncated. */
  maxTokens: number;
  onProgress?: (progress: DownloadProgress) => void;
}

interface HiddenStates {
  data: Float32Array;
  sequenceLength: number;
  hiddenSize: number;
}

function normalizeInPlace(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i += 1) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i += 1) vector[i]! /= norm;
  return vector;
}

/** Adds the token vectors [from, to) of one sequence in a batch into `sum`. */
function addTokens(sum: Float32Array, states: HiddenStates, row: number, from: number, to: number): void {
  const { data, sequenceLength, hiddenSize } = states;
  for (let token = from; token < to; token += 1) {
    const offset = (row * sequenceLength + token) * hiddenSize;
    for (let i = 0; i < hiddenSize; i += 1) sum[i]! += data[offset + i]!;
  }
}

/** Mean of the token vectors [from, to) of one sequence in a batch, L2-normalized. */
function meanPool(states: HiddenStates, row: number, from: number, to: number): Float32Array {
  const vector = new Float32Array(states.hiddenSize);
  addTokens(vector, states, row, from, to);
  return normalizeInPlace(vector);
}

/**
 * The passage vector and its sentence vectors, reading each token vector once: sentence sums are
 * taken first and the passage sum is built from them and the tokens outside every sentence
 * (specials, prefix). Mean pooling then normalizing equals normalizing the sum.
 */
function poolPassage(states: HiddenStates, row: number, length: number, ranges: Array<[number, number] | null>): PassageEmbedding {
  const passage = new Float32Array(states.hiddenSize);
  let covered = 0;
  const sentences = ranges.map((range) => {
    if (!range) return null;
    addTokens(passage, states, row, covered, range[0]);
    const sum = new Float32Array(states.hiddenSize);
    addTokens(sum, states, row, range[0], range[1]);
    for (let i = 0; i < sum.length; i += 1) passage[i]! += sum[i]!;
    covered = range[1];
    return normalizeInPlace(sum);
  });
  addTokens(passage, states, row, covered, length);
  return { vector: normalizeInPlace(passage), sentences };
}

/**
 * Passages are sorted by length within windows of this many model batches, so that a batch holds
 * passages of similar length (little padding) while only one window's token ids are held at once.
 */
export const BATCHES_PER_SORT_WINDOW = 4;

interface EncodedPassage {
  index: number;
  tokens: number[];
  ranges: Array<[number, number] | null>;
}

/** Longest word kept in the tokenizer's word cache, and the most words kept (the cache restarts when full). */
const MAX_CACHED_WORD = 64;
const WORD_CACHE_SIZE = 100_000;

interface UnigramModel {
  vocab: string[];
  tokenize(text: string): string[];
  encode(tokens: string[]): string[];
}

/**
 * Makes a Unigram tokenizer segment word by word, remembering each word's pieces. Transformers.js
 * 2.17 gives the Metaspace pre-tokenizer's whole output (a sentence, "▁" for each space) to the
 * model as one string, so each sentence costs a Viterbi pass over a lattice of all its characters,
 * and the same words are segmented again in every chunk: about a tenth of indexing time. When no
 * vocabulary piece has "▁" after its first character, every "▁" starts a piece, so the best
 * segmentation of a sentence is the best segmentation of each word in turn (which is also how the
 * Rust tokenizers split with `split: true`), and a word seen before costs a map lookup.
 * Returns false, changing nothing, for tokenizers where that does not hold.
 */
function segmentByWord(tokenizer: PreTrainedTokenizer): boolean {
  const model = (tokenizer as unknown as { model?: Partial<UnigramModel> }).model;
  if (!model || model.constructor?.name !== 'Unigram' || typeof model.tokenize !== 'function' || !Array.isArray(model.vocab)) return false;
  const marker = '\u2581';
  if (model.vocab.some((piece) => piece.indexOf(marker, 1) !== -1)) return false;
  const tokenize = model.tokenize.bind(model);
  const cache = new Map<string, string[]>();
  model.encode = (tokens: string[]): string[] => {
    const pieces: string[] = [];
    for (const token of tokens) {
      for (let start = 0; start < token.length; ) {
        let end = token.indexOf(marker, start + 1);
        if (end === -1) end = token.length;
        const word = token.slice(start, end);
        let wordPieces = cache.get(word);
        if (!wordPieces) {
          wordPieces = tokenize(word);
          if (word.length <= MAX_CACHED_WORD) {
            if (cache.size >= WORD_CACHE_SIZE) cache.clear();
            cache.set(word, wordPieces);
          }
        }
        for (const piece of wordPieces) pieces.push(piece);
        start = end;
      }
    }
    return pieces;
  };
  return true;
}

interface ModelPlace {
  localFolder: string;
  cacheFolder: string;
  onnxFile: string;
  /** Where a complete copy is (MODEL_DIR first, then a finished download in the cache): nothing is downloaded. */
  complete: { root: string; folder: string } | undefined;
}

function locateModel(options: OnnxEmbedderOptions): ModelPlace {
  const localFolder = path.join(options.localDir, options.modelId);
  const cacheFolder = path.join(options.cacheDir, options.modelId);
  const onnxFile = `onnx/model${options.quantized ? '_quantized' : ''}.onnx`;
  const isComplete = (folder: string) => fs.existsSync(path.join(folder, 'config.json')) && fs.existsSync(path.join(folder, onnxFile));
  const complete = fs.existsSync(path.join(localFolder, 'config.json'))
    ? { root: options.localDir, folder: localFolder }
    : isComplete(cacheFolder)
      ? { root: options.cacheDir, folder: cacheFolder }
      : undefined;
  return { localFolder, cacheFolder, onnxFile, complete };
}

function firstLine(error: unknown): string {
  return errorMessage(error).split('\n')[0]!;
}

/** Why the model's files could not be had, and the one thing to do about it. */
function missingModel(options: OnnxEmbedderOptions, place: ModelPlace, error: unknown): ModelLoadError {
  const what = `The embedding model "${options.modelId}" (EMBEDDING_MODEL) could not be loaded`;
  const fetchElsewhere = `run \`npm run model:fetch\` on a machine with internet access and copy its ${options.localDir} folder to ${options.localDir} here (MODEL_DIR)`;
  if (place.complete) {
    return new ModelLoadError(`${what}: the files in ${place.complete.folder} are incomplete or damaged (${firstLine(error)}). Fix: delete that folder and ${fetchElsewhere}.`, { cause: error });
  }
  const searched = `it is not in ${place.localFolder} (MODEL_DIR) or ${place.cacheFolder} (MODEL_CACHE_DIR)`;
  if (!options.allowRemote) {
    return new ModelLoadError(`${what}: ${searched}, and downloads are off (ALLOW_REMOTE_MODELS=false). Fix: set ALLOW_REMOTE_MODELS=true, or ${fetchElsewhere}.`, { cause: error });
  }
  return new ModelLoadError(
    `${what}: ${searched}, and downloading it from the Hugging Face hub failed (${firstLine(error)}). ` +
      `Fix: check the network and the model id, or ${fetchElsewhere}.`,
    { cause: error },
  );
}

/**
 * The tokenizer, the model's width and the path of its weights: from MODEL_DIR, the cache, or the
 * hub (downloaded into the cache, with progress reported for files actually downloaded).
 */
async function readModelFiles(options: OnnxEmbedderOptions, place: ModelPlace) {
  // A complete copy is read as a local model (so a finished download needs no network); otherwise the
  // local lookup is skipped, so Transformers.js does not warn about it, and the cache or the hub serve.
  env.localModelPath = place.complete?.root ?? options.localDir;
  env.cacheDir = options.cacheDir;
  env.useFSCache = true;
  env.allowLocalModels = place.complete !== undefined;
  env.allowRemoteModels = options.allowRemote && !place.complete;
  // Transformers.js reports reading a local or cached file as progress too; only downloads are shown:
  // a file is downloaded when there is no complete copy and the file is not in the cache yet.
  const downloading = new Set<string>();
  const progress_callback = (event: { status: string; file?: string; loaded?: number; total?: number }) => {
    if (!event.file) return;
    if (event.status === 'initiate' && !place.complete && !fs.existsSync(path.join(place.cacheFolder, event.file))) downloading.add(event.file);
    else if (event.status === 'progress' && downloading.has(event.file)) {
      options.onProgress?.({ file: event.file, loaded: event.loaded ?? 0, total: event.total ?? 0 });
    }
  };
  try {
    const tokenizer = await AutoTokenizer.from_pretrained(options.modelId, { quantized: options.quantized, progress_callback });
    const config = (await AutoConfig.from_pretrained(options.modelId, { progress_callback })) as unknown as { hidden_size?: number };
    if (!config.hidden_size) throw new Error('config.json has no hidden_size');
    const modelPath = path.join(place.complete?.folder ?? place.cacheFolder, place.onnxFile);
    if (!fs.existsSync(modelPath)) {
      // Downloads the weights into the cache; the returned buffer is not needed.
      await getModelFile(options.modelId, place.onnxFile, true, { quantized: options.quantized, progress_callback });
    }
    return { tokenizer, hiddenSize: config.hidden_size, modelPath };
  } catch (error) {
    throw missingModel(options, place, error);
  }
}

/**
 * Sentence embeddings from a local ONNX model. Transformers.js provides the model files (local
 * folder, cache or a download from the hub) and the tokenizer; the ONNX session is created from
 * the model file with its thread settings, because Transformers.js 2.17 creates it from an
 * in-memory buffer, for which onnxruntime-node 1.14 ignores the thread count and runs on one core.
 * Pooling is done here in typed loops. Each sentence of a passage also gets a vector, pooled from
 * the same token vectors ("late chunking"), so highlighting costs no extra model call.
 */
export class OnnxEmbedder implements Embedder {
  private passagePrefixTokens: number[] | undefined;

  private constructor(
    readonly modelId: string,
    readonly dimension: number,
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly options: OnnxEmbedderOptions,
    private readonly specials: { start: number[]; end: number[]; pad: number },
  ) {}

  static async load(options: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
    if (!(options.batchSize >= 1)) throw new RangeError('batchSize must be >= 1');
    if (!(options.maxTokens >= 8)) throw new RangeError('maxTokens must be >= 8');
    const place = locateModel(options);
    const { tokenizer, hiddenSize, modelPath } = await readModelFiles(options, place);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(modelPath, {
        intraOpNumThreads: options.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw new ModelLoadError(
        `The embedding model "${options.modelId}" (EMBEDDING_MODEL) could not be loaded: the weights in ${modelPath} are not a usable ONNX model ` +
          `(${firstLine(error)}). Fix: delete ${path.dirname(path.dirname(modelPath))} so that it is fetched again.`,
        { cause: error },
      );
    }
    segmentByWord(tokenizer);
    const withSpecials = tokenizer.encode('', null, { add_special_tokens: true }) as number[];
    const pad = (tokenizer as unknown as { pad_token_id?: number }).pad_token_id ?? 0;
    const specials = { start: withSpecials.slice(0, 1), end: withSpecials.slice(1), pad };
    return new OnnxEmbedder(options.modelId, hiddenSize, session, tokenizer, options, specials);
  }

  get profile(): ModelProfile {
    return this.options.profile;
  }

  private get passagePrefix(): number[] {
    this.passagePrefixTokens ??= this.options.profile.passagePrefix ? this.encode(this.options.profile.passagePrefix.trimEnd()) : [];
    return this.passagePrefixTokens;
  }

  private encode(text: string): number[] {
    return this.tokenizer.encode(text, null, { add_special_tokens: false }) as number[];
  }

  private async run(sequences: number[][]): Promise<HiddenStates> {
    const batch = sequences.length;
    const sequenceLength = Math.max(...sequences.map((sequence) => sequence.length));
    const ids = new BigInt64Array(batch * sequenceLength).fill(BigInt(this.specials.pad));
    const mask = new BigInt64Array(batch * sequenceLength);
    sequences.forEach((sequence, row) => {
      for (let i = 0; i < sequence.length; i += 1) {
        ids[row * sequenceLength + i] = BigInt(sequence[i]!);
        mask[row * sequenceLength + i] = 1n;
      }
    });
    const dims = [batch, sequenceLength];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', ids, dims),
      attention_mask: new ort.Tensor('int64', mask, dims),
    };
    if (this.session.inputNames.includes('token_type_ids')) {
      feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(batch * sequenceLength), dims);
    }
    const output = await this.session.run(feeds);
    const hidden = output.last_hidden_state ?? output[this.session.outputNames[0]!]!;
    return { data: hidden.data as Float32Array, sequenceLength, hiddenSize: this.dimension };
  }

  async embedQuery(text: string): Promise<Float32Array> {
    if (!text.trim()) throw new RangeError('Cannot embed an empty question');
    const budget = this.options.maxTokens - this.specials.start.length - this.specials.end.length;
    const tokens = this.encode(this.options.profile.queryPrefix + text).slice(0, budget);
    const sequence = [...this.specials.start, ...tokens, ...this.specials.end];
    const states = await this.run([sequence]);
    return meanPool(states, 0, 0, sequence.length);
  }

  async embedPassages(passages: PassageInput[], options: EmbedPassagesOptions = {}): Promise<PassageEmbedding[]> {
    const results: PassageEmbedding[] = new Array(passages.length);
    const window = this.options.batchSize * BATCHES_PER_SORT_WINDOW;
    let done = 0;
    for (let first = 0; first < passages.length; first += window) {
      const encoded = passages.slice(first, first + window).map((passage, i) => this.encodePassage(passage, first + i));
      // Similar lengths share a batch, so little of each model call is spent on padding.
      encoded.sort((a, b) => a.tokens.length - b.tokens.length);
      for (let start = 0; start < encoded.length; start += this.options.batchSize) {
        const batch = encoded.slice(start, start + this.options.batchSize);
        const states = await this.run(batch.map((item) => item.tokens));
        batch.forEach((item, row) => {
          results[item.index] = poolPassage(states, row, item.tokens.length, item.ranges);
        });
        done += batch.length;
        options.onProgress?.(done, passages.length);
      }
    }
    return results;
  }

  /** A passage's token ids (specials and prefix included) and where each sentence's tokens are. */
  private encodePassage(passage: PassageInput, index: number): EncodedPassage {
    if (!passage.text.trim()) throw new RangeError(`Cannot embed an empty passage (number ${index + 1} of the batch)`);
    const budget = this.options.maxTokens - this.specials.end.length;
    const tokens = [...this.specials.start, ...this.passagePrefix];
    const ranges: Array<[number, number] | null> = [];
    const sentences = passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: passage.text.length }];
    for (const sentence of sentences) {
      const room = budget - tokens.length;
      const pieces = room > 0 ? this.encode(passage.text.slice(sentence.start, sentence.end)).slice(0, room) : [];
      ranges.push(pieces.length > 0 ? [tokens.length, tokens.length + pieces.length] : null);
      tokens.push(...pieces);
    }
    tokens.push(...this.specials.end);
    return { index, tokens, ranges };
  }

  async dispose(): Promise<void> {
    await (this.session as unknown as { release?: () => Promise<void> }).release?.();
  }
}
