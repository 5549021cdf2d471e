import hnswlib from 'hnswlib-node';
import { settingDefault } from '../config/settings.ts';

export interface HnswOptions {
  /** Graph degree (hnswlib's M). */
  m: number;
  /** Build-time candidate list size. */
  efConstruction: number;
  /** Query-time candidate list size; hnswlib's own default of 10 gives poor recall, so it is always set. */
  efSearch: number;
}

export const defaultHnswOptions: HnswOptions = {
  m: settingDefault('HNSW_M'),
  efConstruction: settingDefault('HNSW_EF_CONSTRUCTION'),
  efSearch: settingDefault('HNSW_EF_SEARCH'),
};

export interface VectorHit {
  label: number;
  /** Cosine similarity (vectors are L2-normalized, the space is inner product). */
  score: number;
}

const INITIAL_CAPACITY = 1024;

// With M 16 and efConstruction 200, clustered vectors need efSearch about 100 up to 300k vectors
// and 400 at 1M for recall@10 of 0.95 or more (0.969; 0.819 at 100): one step of efSearch per
// 2,500 vectors (README, "Growth").
const VECTORS_PER_EF = 2500;

/** The efSearch an index of `size` vectors is searched with: HNSW_EF_SEARCH, raised as the index grows. */
export function efSearchFor(size: number, configured: number): number {
  return Math.max(configured, Math.ceil(size / VECTORS_PER_EF));
}
// hnswlib's level generator is seeded, so the same insertions build the same graph.
const RANDOM_SEED = 100;

/** A thin adapter around hnswlib-node's HierarchicalNSW over L2-normalized vectors; capacity grows as needed. */
export class HnswIndex {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly dimension: number,
    private liveCount: number,
  ) {}

  static create(dimension: number, options: HnswOptions): HnswIndex {
    validate(options);
    const index = new hnswlib.HierarchicalNSW('ip', dimension);
    index.initIndex({ maxElements: INITIAL_CAPACITY, m: options.m, efConstruction: options.efConstruction, randomSeed: RANDOM_SEED });
    index.setEf(options.efSearch);
    return new HnswIndex(index, dimension, 0);
  }

  static async read(file: string, dimension: number, liveCount: number, options: HnswOptions): Promise<HnswIndex> {
    validate(options);
    const index = new hnswlib.HierarchicalNSW('ip', dimension);
    await index.readIndex(file);
    index.setEf(efSearchFor(liveCount, options.efSearch));
    return new HnswIndex(index, dimension, liveCount);
  }

  get size(): number {
    return this.liveCount;
  }

  add(label: number, vector: Float32Array): void {
    if (vector.length !== this.dimension) throw new RangeError(`vector has ${vector.length} dimensions, the index ${this.dimension}`);
    const capacity = this.index.getMaxElements();
    if (label >= capacity) this.index.resizeIndex(Math.max(label + 1, capacity * 2));
    this.index.addPoint(Array.from(vector), label);
    this.liveCount += 1;
  }

  remove(label: number): void {
    this.index.markDelete(label);
    this.liveCount -= 1;
  }

  search(vector: Float32Array, k: number): VectorHit[] {
    const limit = Math.min(k, this.liveCount);
    if (limit <= 0) return [];
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), limit);
    return neighbors.map((label, i) => ({ label, score: 1 - distances[i]! }));
  }

  setEfSearch(ef: number): void {
    this.index.setEf(ef);
  }

  async write(file: string): Promise<void> {
    await this.index.writeIndex(file);
  }
}

function validate(options: HnswOptions): void {
  if (!Number.isInteger(options.m) || options.m < 2) throw new RangeError('hnsw.m must be an integer >= 2 (HNSW_M)');
  if (!Number.isInteger(options.efConstruction) || options.efConstruction < 1) {
    throw new RangeError('hnsw.efConstruction must be an integer >= 1 (HNSW_EF_CONSTRUCTION)');
  }
  if (!Number.isInteger(options.efSearch) || options.efSearch < 1) throw new RangeError('hnsw.efSearch must be an integer >= 1 (HNSW_EF_SEARCH)');
}
