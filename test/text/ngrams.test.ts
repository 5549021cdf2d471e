import { describe, expect, it } from 'vitest';
import { charNgrams, consonantSkeleton, diceOf, distinctNgrams, ngramDice } from '../../src/text/ngrams.ts';
import { normalizeForMatching } from '../../src/text/normalize.ts';

const ar = (word: string) => normalizeForMatching(word);
const dice = (a: string, b: string) => ngramDice(new Set(distinctNgrams(a)), b);

describe('charNgrams', () => {
  it('cuts a word into boundary-marked trigrams', () => {
    expect(charNgrams('بوتين')).toEqual(['#بو', 'بوت', 'وتي', 'تين', 'ين#']);
    expect(charNgrams('cat')).toEqual(['#ca', 'cat', 'at#']);
  });

  it('gives a one-letter word itself, marked, once', () => {
    expect(charNgrams('و')).toEqual(['#و#']);
  });

  it('counts a letter outside the BMP as one', () => {
    expect(charNgrams('a𝐀b')).toEqual(['#a𝐀', 'a𝐀b', '𝐀b#']);
  });

  it('lists repeated trigrams once in distinctNgrams', () => {
    expect(charNgrams('aaaa')).toEqual(['#aa', 'aaa', 'aaa', 'aa#']);
    expect(distinctNgrams('aaaa')).toEqual(['#aa', 'aaa', 'aa#']);
  });
});

describe('ngramDice', () => {
  it('is 1 for the same word and 0 for words sharing no trigram', () => {
    expect(dice('زيلينسكي', 'زيلينسكي')).toBe(1);
    expect(dice('بوتين', 'موسكو')).toBe(0);
  });

  it('keeps two transliterations of one name above the variant bar, and different words below it', () => {
    expect(dice(ar('زيلينسكي'), ar('زيلنسكي'))).toBeGreaterThanOrEqual(0.6);
    expect(dice('ukraine', 'ukrainian')).toBeGreaterThanOrEqual(0.6);
    expect(dice(ar('ميل'), ar('ميلا'))).toBeLessThan(0.6);
  });

  it('is symmetric and counts each trigram once', () => {
    expect(dice('abcab', 'abcd')).toBe(dice('abcd', 'abcab'));
    expect(diceOf(2, 3, 5)).toBe(0.5);
    expect(diceOf(0, 0, 0)).toBe(0);
  });
});

describe('consonantSkeleton', () => {
  it('drops the long vowels that transliterations write or leave out', () => {
    expect(consonantSkeleton(ar('زيلينسكي'))).toBe(consonantSkeleton(ar('زيلنسكي')));
    expect(consonantSkeleton(ar('بوتين'))).toBe(consonantSkeleton(ar('بوتن')));
    expect(consonantSkeleton(ar('ترامب'))).toBe(consonantSkeleton(ar('ترمب')));
  });

  it('folds the foreign g and writes a doubled letter once', () => {
    expect(consonantSkeleton(ar('غوغل'))).toBe(consonantSkeleton(ar('جوجل')));
    expect(consonantSkeleton(ar('مدد'))).toBe(consonantSkeleton(ar('مد')));
  });

  it('keeps the first letter, even a vowel, and keeps ق apart from ك', () => {
    expect(consonantSkeleton(ar('اوباما'))).toBe(ar('ابم'));
    expect(consonantSkeleton(ar('قلب'))).not.toBe(consonantSkeleton(ar('كلب')));
  });

  it('leaves Latin words and numbers unchanged', () => {
    expect(consonantSkeleton('putin')).toBe('putin');
    expect(consonantSkeleton('2016')).toBe('2016');
  });
});
