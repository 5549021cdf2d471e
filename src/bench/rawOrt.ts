import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@xenova/transformers';
import ort from 'onnxruntime-node';

export interface RawOrtOptions {
  modelId: string;
  localDir: string;
  quantized: boolean;
  threads: number;
  batchSize: number;
  maxTokens: number;
  passagePrefix: string;
}

/**
 * The floor the embedder is measured against: the same ONNX file and tokenizer, called directly
 * through onnxruntime-node with the same batches and threads, mean pooling in a plain JS loop,
 * and nothing else (no sentence vectors, no caches). Texts are tokenized whole with
 * `tokenizer.encode`, the way a first implementation would.
 */
export class RawOrtEmbedder {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly options: RawOrtOptions,
    readonly dimension: number,
    private readonly pad: number,
  ) {}

  static async load(options: RawOrtOptions): Promise<RawOrtEmbedder> {
    env.localModelPath = options.localDir;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    const tokenizer = await AutoTokenizer.from_pretrained(options.modelId, { quantized: options.quantized });
    const file = path.join(options.localDir, options.modelId, 'onnx', `model${options.quantized ? '_quantized' : ''}.onnx`);
    const session = await ort.InferenceSession.create(file, {
      intraOpNumThreads: options.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    const pad = (tokenizer as unknown as { pad_token_id?: number }).pad_token_id ?? 0;
    const probe = await session.run(feedsFor(session, [tokenizer.encode('') as number[]], pad));
    const hidden = probe[session.outputNames[0]!]!;
    return new RawOrtEmbedder(session, tokenizer, options, hidden.dims[2]!, pad);
  }

  /** Token ids of each text with special tokens, truncated to the model's window. */
  tokenize(texts: string[]): number[][] {
    return texts.map((text) => {
      const ids = this.tokenizer.encode(this.options.passagePrefix + text) as number[];
      return ids.length > this.options.maxTokens ? [...ids.slice(0, this.options.maxTokens - 1), ids[ids.length - 1]!] : ids;
    });
  }

  /**
   * Embeds texts in model calls of `batchSize`, in the order given; `groupSize` > 1 sorts each group
   * of that many texts by length first, as the indexer does with each call to the embedder.
   */
  async embed(texts: string[], groupSize = 1): Promise<Float32Array[]> {
    const sequences = this.tokenize(texts);
    const out: Float32Array[] = new Array(texts.length);
    for (let group = 0; group < sequences.length; group += groupSize) {
      const order = sequences
        .slice(group, group + groupSize)
        .map((sequence, i) => ({ sequence, index: group + i }))
        .sort((a, b) => a.sequence.length - b.sequence.length);
      for (let start = 0; start < order.length; start += this.options.batchSize) {
        const batch = order.slice(start, start + this.options.batchSize);
        const output = await this.session.run(feedsFor(this.session, batch.map((item) => item.sequence), this.pad));
        const hidden = output[this.session.outputNames[0]!]!;
        const data = hidden.data as Float32Array;
        const [, length, size] = hidden.dims as [number, number, number];
        batch.forEach((item, row) => {
          out[item.index] = pool(data, row, length, size, item.sequence.length);
        });
      }
    }
    return out;
  }

  /**
   * Passage vectors with the token sequences OnnxEmbedder builds (each sentence tokenized on its
   * own, prefix and special tokens around them), through the plain tokenizer: a reference to check
   * that the embedder's faster tokenization and pooling give the same vectors.
   */
  async embedLikeIndexer(passages: Array<{ text: string; sentences: Array<{ start: number; end: number }> }>): Promise<Float32Array[]> {
    const plain = (text: string) => this.tokenizer.encode(text, null, { add_special_tokens: false }) as number[];
    const specials = this.tokenizer.encode('') as number[];
    const start = specials.slice(0, 1);
    const end = specials.slice(1);
    const budget = this.options.maxTokens - start.length - end.length;
    const prefix = this.options.passagePrefix ? plain(this.options.passagePrefix.trimEnd()) : [];
    const sequences = passages.map((passage) => {
      const tokens = [...start, ...prefix];
      const sentences = passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: passage.text.length }];
      for (const sentence of sentences) {
        const room = budget + start.length - tokens.length;
        if (room > 0) tokens.push(...plain(passage.text.slice(sentence.start, sentence.end)).slice(0, room));
      }
      return [...tokens, ...end];
    });
    const order = sequences.map((sequence, index) => ({ sequence, index })).sort((a, b) => a.sequence.length - b.sequence.length);
    const out: Float32Array[] = new Array(passages.length);
    for (let first = 0; first < order.length; first += this.options.batchSize) {
      const batch = order.slice(first, first + this.options.batchSize);
      const output = await this.session.run(feedsFor(this.session, batch.map((item) => item.sequence), this.pad));
      const hidden = output[this.session.outputNames[0]!]!;
      const [, length, size] = hidden.dims as [number, number, number];
      batch.forEach((item, row) => {
        out[item.index] = pool(hidden.data as Float32Array, row, length, size, item.sequence.length);
      });
    }
    return out;
  }
}

/** Mean of the first `length` token vectors of row `row`, L2-normalized. */
function pool(data: Float32Array, row: number, rowLength: number, size: number, length: number): Float32Array {
  const vector = new Float32Array(size);
  for (let token = 0; token < length; token += 1) {
    const offset = (row * rowLength + token) * size;
    for (let i = 0; i < size; i += 1) vector[i]! += data[offset + i]!;
  }
  let norm = 0;
  for (let i = 0; i < size; i += 1) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < size; i += 1) vector[i]! /= norm;
  return vector;
}

function feedsFor(session: ort.InferenceSession, sequences: number[][], pad: number): Record<string, ort.Tensor> {
  const length = Math.max(...sequences.map((sequence) => sequence.length));
  const ids = new BigInt64Array(sequences.length * length).fill(BigInt(pad));
  const mask = new BigInt64Array(sequences.length * length);
  sequences.forEach((sequence, row) => {
    sequence.forEach((id, i) => {
      ids[row * length + i] = BigInt(id);
      mask[row * length + i] = 1n;
    });
  });
  const dims = [sequences.length, length];
  const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', ids, dims), attention_mask: new ort.Tensor('int64', mask, dims) };
  if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(sequences.length * length), dims);
  return feeds;
}
