import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

/** onnxruntime-node 1.14 reads IR ≤ 8 and opsets ≤ 18; 13 is the first with Unsqueeze axes as an input. */
const IR_VERSION = 8;
const OPSET = 13;
/** BERT's additive mask for padded keys; exp(-10000) is exactly 0 in float32. */
const MASKED_SCORE = -10000;

export interface EncoderShape {
  vocabSize: number;
  hidden: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocabSize: number;
}

export interface EncoderWeights {
  /** [vocabSize, hidden], symmetric int8 with one scale per row. */
  wordEmbeddings: Int8Array;
  wordScales: Float32Array;
  positionEmbeddings: Float32Array;
  tokenTypeEmbeddings: Float32Array;
  query: Float32Array;
  key: Float32Array;
  value: Float32Array;
  attentionOutput: Float32Array;
  intermediate: Float32Array;
  output: Float32Array;
}

function tensor(name: string, dataType: number, dims: number[], data: ArrayBufferView): Onnx.ITensorProto {
  return { name, dataType, dims, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

const floats = (name: string, dims: number[], data: Float32Array | number[]): Onnx.ITensorProto =>
  tensor(name, DataType.FLOAT, dims, Float32Array.from(data));
const int64s = (name: string, dims: number[], data: number[]): Onnx.ITensorProto =>
  tensor(name, DataType.INT64, dims, BigInt64Array.from(data, BigInt));

type Attribute = [name: string, value: number | number[]];

function node(opType: string, inputs: string[], output: string, attributes: Attribute[] = []): Onnx.INodeProto {
  return {
    opType,
    input: inputs,
    output: [output],
    name: output,
    attribute: attributes.map(([name, value]) =>
      Array.isArray(value) ? { name, type: AttributeType.INTS, ints: value } : { name, type: AttributeType.INT, i: value },
    ),
  };
}

function valueInfo(name: string, elemType: number, dims: Array<string | number>): Onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/**
 * One BERT layer without LayerNorm (which would rescale every token to the same norm and undo
 * the short special/function-word vectors): embeddings, multi-head self-attention with a
 * residual, GELU feed-forward with a residual. Output: last_hidden_state [batch, sequence, hidden].
 */
export function encodeEncoder(shape: EncoderShape, weights: EncoderWeights): Uint8Array {
  const tokens = ['batch_size', 'sequence_length'];
  const model: Onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'article-qa-bot test model generator',
    graph: {
      name: 'bilingual_bag_of_words_bert',
      node: [...embeddingNodes(), ...attentionNodes(), ...feedForwardNodes()],
      initializer: initializers(shape, weights),
      input: ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => valueInfo(name, DataType.INT64, tokens)),
      output: [valueInfo('last_hidden_state', DataType.FLOAT, [...tokens, shape.hidden])],
    },
  };
  return onnx.ModelProto.encode(model).finish();
}

/** The weights and the constants the nodes use. */
function initializers(shape: EncoderShape, weights: EncoderWeights): Onnx.ITensorProto[] {
  const { vocabSize, hidden, heads, intermediate, maxPositions, typeVocabSize } = shape;
  const headSize = hidden / heads;
  return [
    tensor('word_embeddings.q', DataType.INT8, [vocabSize, hidden], weights.wordEmbeddings),
    floats('word_embeddings.scale', [vocabSize], weights.wordScales),
    floats('position_embeddings', [maxPositions, hidden], weights.positionEmbeddings),
    floats('token_type_embeddings', [typeVocabSize, hidden], weights.tokenTypeEmbeddings),
    floats('attention.query', [hidden, hidden], weights.query),
    floats('attention.key', [hidden, hidden], weights.key),
    floats('attention.value', [hidden, hidden], weights.value),
    floats('attention.output', [hidden, hidden], weights.attentionOutput),
    floats('intermediate', [hidden, intermediate], weights.intermediate),
    floats('output', [intermediate, hidden], weights.output),
    int64s('const.zero', [], [0]),
    int64s('const.one', [], [1]),
    int64s('const.last_axis', [1], [-1]),
    int64s('const.mask_axes', [2], [1, 2]),
    int64s('const.heads_shape', [4], [0, 0, heads, headSize]),
    int64s('const.hidden_shape', [3], [0, 0, hidden]),
    floats('const.float_one', [], [1]),
    floats('const.float_half', [], [0.5]),
    floats('const.masked_score', [], [MASKED_SCORE]),
    floats('const.score_scale', [], [1 / Math.sqrt(headSize)]),
    floats('const.inv_sqrt2', [], [Math.SQRT1_2]),
  ];
}

/** Embeddings: dequantized word rows + positions 0..seq-1 + token types; and the additive attention mask [batch, 1, 1, seq]. */
function embeddingNodes(): Onnx.INodeProto[] {
  return [
    node('Gather', ['word_embeddings.q', 'input_ids'], 'words.q'),
    node('Cast', ['words.q'], 'words.unscaled', [['to', DataType.FLOAT]]),
    node('Gather', ['word_embeddings.scale', 'input_ids'], 'words.scale'),
    node('Unsqueeze', ['words.scale', 'const.last_axis'], 'words.scale3d'),
    node('Mul', ['words.unscaled', 'words.scale3d'], 'words'),
    node('Shape', ['input_ids'], 'input_shape'),
    node('Gather', ['input_shape', 'const.one'], 'seq_len'),
    node('Range', ['const.zero', 'seq_len', 'const.one'], 'position_ids'),
    node('Gather', ['position_embeddings', 'position_ids'], 'positions'),
    node('Gather', ['token_type_embeddings', 'token_type_ids'], 'token_types'),
    node('Add', ['words', 'positions'], 'embeddings.partial'),
    node('Add', ['embeddings.partial', 'token_types'], 'embeddings'),
    node('Cast', ['attention_mask'], 'mask.float', [['to', DataType.FLOAT]]),
    node('Sub', ['const.float_one', 'mask.float'], 'mask.inverted'),
    node('Mul', ['mask.inverted', 'const.masked_score'], 'mask.scores'),
    node('Unsqueeze', ['mask.scores', 'const.mask_axes'], 'mask.bias'),
  ];
}

/** Multi-head self-attention with a residual. */
function attentionNodes(): Onnx.INodeProto[] {
  const heads4d = (input: string, output: string, perm: number[]): Onnx.INodeProto[] => [
    node('Reshape', [input, 'const.heads_shape'], `${output}.split`),
    node('Transpose', [`${output}.split`], output, [['perm', perm]]),
  ];
  return [
    node('MatMul', ['embeddings', 'attention.query'], 'q'),
    node('MatMul', ['embeddings', 'attention.key'], 'k'),
    node('MatMul', ['embeddings', 'attention.value'], 'v'),
    ...heads4d('q', 'q.heads', [0, 2, 1, 3]),
    ...heads4d('k', 'k.heads', [0, 2, 3, 1]),
    ...heads4d('v', 'v.heads', [0, 2, 1, 3]),
    node('MatMul', ['q.heads', 'k.heads'], 'scores.raw'),
    node('Mul', ['scores.raw', 'const.score_scale'], 'scores.scaled'),
    node('Add', ['scores.scaled', 'mask.bias'], 'scores'),
    node('Softmax', ['scores'], 'probabilities', [['axis', -1]]),
    node('MatMul', ['probabilities', 'v.heads'], 'context.heads'),
    node('Transpose', ['context.heads'], 'context.split', [['perm', [0, 2, 1, 3]]]),
    node('Reshape', ['context.split', 'const.hidden_shape'], 'context'),
    node('MatMul', ['context', 'attention.output'], 'attention'),
    node('Add', ['embeddings', 'attention'], 'attention.residual'),
  ];
}

/** Feed-forward with exact GELU, x/2 · (1 + erf(x/√2)), and a residual. */
function feedForwardNodes(): Onnx.INodeProto[] {
  return [
    node('MatMul', ['attention.residual', 'intermediate'], 'ffn.in'),
    node('Mul', ['ffn.in', 'const.inv_sqrt2'], 'gelu.scaled'),
    node('Erf', ['gelu.scaled'], 'gelu.erf'),
    node('Add', ['gelu.erf', 'const.float_one'], 'gelu.gate'),
    node('Mul', ['ffn.in', 'const.float_half'], 'gelu.half'),
    node('Mul', ['gelu.half', 'gelu.gate'], 'gelu'),
    node('MatMul', ['gelu', 'output'], 'ffn.out'),
    node('Add', ['attention.residual', 'ffn.out'], 'last_hidden_state'),
  ];
}
