import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/chunk/estimateTokens.ts';

describe('estimateTokens', () => {
  it('counts a token per short word and per punctuation mark', () => {
    expect(estimateTokens('War ends, then?')).toBe(5);
    expect(estimateTokens('قال: لن تعود.')).toBe(5);
  });

  it('counts a token per four letters of a long word', () => {
    expect(estimateTokens('aid')).toBe(1);
    expect(estimateTokens('ministers')).toBe(3);
    expect(estimateTokens('internationalization')).toBe(5);
    expect(estimateTokens('والتكنولوجيا')).toBe(3);
  });

  it('costs more for longer words', () => {
    expect(estimateTokens('reconstruction')).toBeGreaterThan(estimateTokens('aid'));
    expect(estimateTokens('بالاستراتيجيات')).toBeGreaterThan(estimateTokens('في'));
  });

  it('counts digits like letters and ignores white space', () => {
    expect(estimateTokens('  2024 \n\n 10000\u00a0')).toBe(3);
  });

  it('is 0 for empty or blank text', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens(' \n\t\u00a0')).toBe(0);
  });
});
