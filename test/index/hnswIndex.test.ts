import { describe, expect, it } from 'vitest';
import { efSearchFor } from '../../src/index/hnswIndex.ts';

describe('efSearchFor', () => {
  it('keeps HNSW_EF_SEARCH for indexes up to 250k vectors, and raises it with the size beyond', () => {
    expect(efSearchFor(10_000, 100)).toBe(100);
    expect(efSearchFor(250_000, 100)).toBe(100);
    expect(efSearchFor(300_000, 100)).toBe(120);
    expect(efSearchFor(1_000_000, 100)).toBe(400);
  });

  it('never lowers a larger configured value', () => {
    expect(efSearchFor(1_000_000, 800)).toBe(800);
  });
});
