import { Random } from './random.ts';

export type VectorKind = 'uniform' | 'clustered';

/** Vectors stored back to back: vector i is data[i * dimension, (i + 1) * dimension). */
export interface VectorSet {
  kind: VectorKind;
  count: number;
  dimension: number;
  data: Float32Array;
}

export function vectorAt(set: VectorSet, i: number): Float32Array {
  return set.data.subarray(i * set.dimension, (i + 1) * set.dimension);
}

function normalize(vector: Float32Array): void {
  let norm = 0;
  for (let i = 0; i < vector.length; i += 1) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i += 1) vector[i]! /= norm;
}

function gaussianVector(random: Random, dimension: number): Float32Array {
  const vector = new Float32Array(dimension);
  for (let i = 0; i < dimension; i += 1) vector[i] = random.gaussian();
  normalize(vector);
  return vector;
}

/**
 * The shape of the clustered vectors, chosen to look like sentence embeddings: every vector shares
 * a common direction (e5 puts even unrelated texts at cosine 0.7 or more), texts fall into topics
 * (clusters), and within a topic they vary along a few dozen directions rather than all 384.
 */
export const clusteredShape = {
  /** Weight of the direction all vectors share. */
  common: 0.8,
  /** Weight of the vector's topic centre. */
  topic: 0.45,
  /** Weight of the variation within the topic, spread over `subspace` directions. */
  withinTopic: 0.4,
  subspace: 48,
  /** Weight of the isotropic noise on top. */
  noise: 0.12,
  /** About this many vectors per topic. */
  perTopic: 100,
};

/** The random structure clustered vectors are drawn from, fixed by the seed. */
interface ClusterModel {
  common: Float32Array;
  topics: Float32Array[];
  basis: Float32Array[];
}

function clusterModel(seed: number, dimension: number, topics: number): ClusterModel {
  const random = new Random(seed ^ 0x5bd1e995);
  return {
    common: gaussianVector(random, dimension),
    topics: Array.from({ length: topics }, () => gaussianVector(random, dimension)),
    basis: Array.from({ length: clusteredShape.subspace }, () => gaussianVector(random, dimension)),
  };
}

function clusteredInto(out: Float32Array, model: ClusterModel, random: Random): void {
  const { common, topic, withinTopic, subspace, noise } = clusteredShape;
  const centre = random.pick(model.topics);
  for (let i = 0; i < out.length; i += 1) out[i] = common * model.common[i]! + topic * centre[i]! + (noise * random.gaussian()) / Math.sqrt(out.length);
  const scale = withinTopic / Math.sqrt(subspace);
  for (const direction of model.basis) {
    const weight = scale * random.gaussian();
    for (let i = 0; i < out.length; i += 1) out[i]! += weight * direction[i]!;
  }
  normalize(out);
}

/**
 * `count` L2-normalized vectors and `queries` more from the same distribution (not in the set):
 * uniform on the sphere (the hardest case for HNSW) or clustered like real embeddings.
 */
export function syntheticVectors(kind: VectorKind, count: number, dimension: number, seed: number, queries = 0): { set: VectorSet; queries: VectorSet } {
  const random = new Random(seed);
  const model = kind === 'clustered' ? clusterModel(seed, dimension, Math.max(8, Math.round(count / clusteredShape.perTopic))) : undefined;
  const make = (n: number): VectorSet => {
    const data = new Float32Array(n * dimension);
    for (let v = 0; v < n; v += 1) {
      const out = data.subarray(v * dimension, (v + 1) * dimension);
      if (model) clusteredInto(out, model, random);
      else {
        for (let i = 0; i < dimension; i += 1) out[i] = random.gaussian();
        normalize(out);
      }
    }
    return { kind, count: n, dimension, data };
  };
  return { set: make(count), queries: make(queries) };
}

/** A vector near `base`: the base plus Gaussian noise of the given size, normalized. */
export function perturb(base: Float32Array, size: number, random: Random): Float32Array {
  const out = new Float32Array(base.length);
  const scale = size / Math.sqrt(base.length);
  for (let i = 0; i < base.length; i += 1) out[i] = base[i]! + scale * random.gaussian();
  normalize(out);
  return out;
}

/** Exact k nearest neighbours by inner product, by scanning every vector (labels are positions). */
export function bruteForceTopK(set: VectorSet, query: Float32Array, k: number): number[] {
  const { data, dimension, count } = set;
  const bestLabels = new Int32Array(k).fill(-1);
  const bestScores = new Float64Array(k).fill(-Infinity);
  for (let v = 0; v < count; v += 1) {
    const offset = v * dimension;
    let score = 0;
    for (let i = 0; i < dimension; i += 1) score += data[offset + i]! * query[i]!;
    if (score <= bestScores[k - 1]!) continue;
    let at = k - 1;
    while (at > 0 && bestScores[at - 1]! < score) {
      bestScores[at] = bestScores[at - 1]!;
      bestLabels[at] = bestLabels[at - 1]!;
      at -= 1;
    }
    bestScores[at] = score;
    bestLabels[at] = v;
  }
  return [...bestLabels].filter((label) => label >= 0);
}

/** Share of the exact top k that the approximate top k found. */
export function recallAt(exact: number[], approximate: number[]): number {
  if (exact.length === 0) return 1;
  const found = new Set(approximate);
  return exact.filter((label) => found.has(label)).length / exact.length;
}
