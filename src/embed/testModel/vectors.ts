// Seeded pseudo-random numbers: mulberry32 for uniforms, Box–Muller for Gaussians.

export type Random = () => number;

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** FNV-1a over UTF-16 code units, mixed with the seed. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A unit vector that depends only on (key, seed), not on the rest of the vocabulary, so adding
 * texts never moves existing words.
 */
export function unitVector(key: string, seed: number, dimension: number): Float32Array {
  const vector = gaussianMatrix(mulberry32(hash(key, seed)), 1, dimension, 1);
  let squares = 0;
  for (const x of vector) squares += x * x;
  const norm = Math.sqrt(squares);
  for (let i = 0; i < dimension; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

export function gaussianMatrix(random: Random, rows: number, columns: number, std: number): Float32Array {
  const matrix = new Float32Array(rows * columns);
  for (let i = 0; i < matrix.length; i++) matrix[i] = gaussian(random) * std;
  return matrix;
}
