import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeEncoder, type EncoderShape } from './graph.ts';
import { defaultBilingualPairs } from './pairs.ts';
import { MAX_LENGTH, specialTokensMapJson, tokenizerConfigJson, tokenizerJson } from './tokenizerFiles.ts';
import { buildVocabulary } from './vocabulary.ts';
import { encoderWeights } from './weights.ts';

export interface TestModelOptions {
  /** Folder the model files are written into, e.g. <root>/test-org/bilingual-mini. */
  outDir: string;
  /** Texts whose words become whole-word vocabulary entries. */
  texts: string[];
  /** Words linked by a pair (transitively) share one vector; Arabic words also get their proclitic forms. */
  pairs?: Array<[string, string]>;
  /** Hidden size; a multiple of 4 (the number of attention heads). */
  dimension?: number;
  seed?: number;
  /** Keep only this many of the most frequent words of `texts`. */
  maxWords?: number;
}

const HEADS = 4;
const DEFAULT_DIMENSION = 64;
const DEFAULT_SEED = 20241113;

const json = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;

function configJson(shape: EncoderShape): object {
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: shape.vocabSize,
    hidden_size: shape.hidden,
    num_hidden_layers: 1,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0,
    attention_probs_dropout_prob: 0,
    max_position_embeddings: shape.maxPositions,
    type_vocab_size: shape.typeVocabSize,
    initializer_range: 0.02,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    torch_dtype: 'float32',
  };
}

/**
 * Writes a tiny BERT-style sentence-embedding model that Transformers.js loads offline and that
 * behaves like a bilingual bag of words: mean-pooled outputs are close to the average of the
 * input words' vectors, and paired English/Arabic words share their vector.
 */
export async function makeTestModel(options: TestModelOptions): Promise<{ dir: string; vocabSize: number }> {
  const { outDir, texts, pairs = defaultBilingualPairs, dimension = DEFAULT_DIMENSION, seed = DEFAULT_SEED } = options;
  if (!Number.isInteger(dimension) || dimension <= 0 || dimension % HEADS !== 0) {
    throw new Error(`dimension must be a positive multiple of ${HEADS}, got ${dimension}`);
  }
  const vocabulary = buildVocabulary({ texts, pairs, maxWords: options.maxWords });
  const shape: EncoderShape = {
    vocabSize: vocabulary.tokens.length,
    hidden: dimension,
    heads: HEADS,
    intermediate: 2 * dimension,
    maxPositions: MAX_LENGTH,
    typeVocabSize: 2,
  };
  const model = encodeEncoder(shape, encoderWeights(vocabulary, shape, seed));

  await mkdir(join(outDir, 'onnx'), { recursive: true });
  await Promise.all([
    writeFile(join(outDir, 'config.json'), json(configJson(shape))),
    writeFile(join(outDir, 'tokenizer.json'), json(tokenizerJson(vocabulary))),
    writeFile(join(outDir, 'tokenizer_config.json'), json(tokenizerConfigJson())),
    writeFile(join(outDir, 'special_tokens_map.json'), json(specialTokensMapJson())),
    // Already int8: the same bytes serve `quantized: true` and `quantized: false`.
    writeFile(join(outDir, 'onnx', 'model_quantized.onnx'), model),
    writeFile(join(outDir, 'onnx', 'model.onnx'), model),
  ]);
  return { dir: outDir, vocabSize: shape.vocabSize };
}
