import type { EncoderShape, EncoderWeights } from './graph.ts';
import type { Vocabulary } from './vocabulary.ts';
import { gaussianMatrix, mulberry32, unitVector } from './vectors.ts';

/** Small enough that each token's output stays within a few percent of its word vector. */
const LAYER_STD = 0.02;
const POSITION_STD = 0.002;

function quantizeRows(rows: Float32Array, columns: number): { values: Int8Array; scales: Float32Array } {
  const values = new Int8Array(rows.length);
  const scales = new Float32Array(rows.length / columns);
  for (let r = 0; r < scales.length; r++) {
    let max = 0;
    for (let i = r * columns; i < (r + 1) * columns; i++) max = Math.max(max, Math.abs(rows[i] ?? 0));
    const scale = max / 127;
    scales[r] = scale;
    for (let i = r * columns; i < (r + 1) * columns; i++) values[i] = scale === 0 ? 0 : Math.round((rows[i] ?? 0) / scale);
  }
  return { values, scales };
}

function wordEmbeddings(vocabulary: Vocabulary, dimension: number, seed: number): Float32Array {
  const directions = new Map<string, Float32Array>();
  const rows = new Float32Array(vocabulary.tokens.length * dimension);
  vocabulary.keys.forEach((key, id) => {
    let direction = directions.get(key);
    if (direction === undefined) {
      direction = unitVector(key, seed, dimension);
      directions.set(key, direction);
    }
    const norm = vocabulary.norms[id] ?? 1;
    for (let i = 0; i < dimension; i++) rows[id * dimension + i] = (direction[i] ?? 0) * norm;
  });
  return rows;
}

export function encoderWeights(vocabulary: Vocabulary, shape: EncoderShape, seed: number): EncoderWeights {
  const { hidden, intermediate, maxPositions, typeVocabSize } = shape;
  const { values, scales } = quantizeRows(wordEmbeddings(vocabulary, hidden, seed), hidden);
  const random = mulberry32(seed);
  const square = (): Float32Array => gaussianMatrix(random, hidden, hidden, LAYER_STD);
  return {
    wordEmbeddings: values,
    wordScales: scales,
    positionEmbeddings: gaussianMatrix(random, maxPositions, hidden, POSITION_STD),
    tokenTypeEmbeddings: new Float32Array(typeVocabSize * hidden),
    query: square(),
    key: square(),
    value: square(),
    attentionOutput: square(),
    intermediate: gaussianMatrix(random, hidden, intermediate, LAYER_STD),
    output: gaussianMatrix(random, intermediate, hidden, LAYER_STD),
  };
}
