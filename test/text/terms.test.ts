import { describe, expect, it } from 'vitest';
import { arabicLightStem } from '../../src/text/arabicStem.ts';
import { noStemmer } from '../../src/text/stemmer.ts';
import { toSearchTerms } from '../../src/text/terms.ts';

describe('toSearchTerms', () => {
  it('gives the same term for a word with or without the article and prefixes', () => {
    const [term] = toSearchTerms('صواريخ');
    expect(toSearchTerms('الصواريخ')).toEqual([term]);
    expect(toSearchTerms('بالصواريخ')).toEqual([term]);
    expect(toSearchTerms('والصواريخ')).toEqual([term]);
    expect(toSearchTerms('للصواريخ')).toEqual([term]);
  });

  it('strips Arabic plural, feminine and pronoun suffixes', () => {
    const [teacher] = toSearchTerms('معلم');
    for (const form of ['المعلمون', 'المعلمين', 'معلمة', 'معلمات', 'معلمها']) {
      expect(toSearchTerms(form)).toEqual([teacher]);
    }
  });

  it('matches diacritized and plain spellings', () => {
    expect(toSearchTerms('الصَّوَارِيخُ')).toEqual(toSearchTerms('الصواريخ'));
  });

  it('stems English words', () => {
    expect(toSearchTerms('soldiers')).toEqual(toSearchTerms('soldier'));
    expect(toSearchTerms('The Soldiers were running')).toEqual(['soldier', 'run']);
  });

  it('drops Arabic and English stop words and question words', () => {
    expect(toSearchTerms('كم عدد الجنود في الجيش؟')).toEqual(toSearchTerms('عدد جنود جيش'));
    expect(toSearchTerms('What is the capital of France?')).toEqual(['capit', 'franc']);
  });

  it('drops عدد only where it frames a "how many" question', () => {
    const [count] = toSearchTerms('عدد');
    expect(toSearchTerms('كم عدد القتلى؟', { query: true })).not.toContain(count);
    expect(toSearchTerms('ما عدد القتلى؟', { query: true })).toContain(count);
    expect(toSearchTerms('كم عدد القتلى')).toContain(count);
  });

  it('drops a stop word joined to the conjunction و', () => {
    expect(toSearchTerms('وفي ومن والتي ولكن')).toEqual([]);
  });

  it('keeps content words whose stem looks like a stop word', () => {
    expect(toSearchTerms('الولايات')).toHaveLength(1);
    expect(toSearchTerms('كمية')).toHaveLength(1);
  });

  it('keeps numbers, in any digits, as terms', () => {
    expect(toSearchTerms('قتل 24 جنديا عام ٢٠٢٤م')).toContain('2024');
    expect(toSearchTerms('قتل 24 جنديا عام ٢٠٢٤م')).toContain('24');
    expect(toSearchTerms('10 soldiers in 2024')).toEqual(['10', 'soldier', '2024']);
  });

  it('splits on punctuation', () => {
    expect(toSearchTerms('Gaza,Rafah;Khan-Younis')).toEqual(['gaza', 'rafah', 'khan', 'youni']);
  });

  it('keeps surface forms with noStemmer', () => {
    expect(toSearchTerms('الصواريخ soldiers', { stemmer: noStemmer })).toEqual(['الصواريخ', 'soldiers']);
  });

  it('takes an injected stemmer', () => {
    const upper = { id: 'upper', stem: (word: string) => word.toUpperCase() };
    expect(toSearchTerms('troops', { stemmer: upper })).toEqual(['TROOPS']);
  });
});

describe('arabicLightStem', () => {
  it('strips the conjunction و only from words of four letters or more', () => {
    expect(arabicLightStem('وقال')).toBe('قال');
    expect(arabicLightStem('وطن')).toBe('وطن');
  });

  it('gives a word the same stem with and without the article, even when it starts with و', () => {
    expect(arabicLightStem('الوزير')).toBe(arabicLightStem('وزير'));
    expect(arabicLightStem('بالولايات')).toBe(arabicLightStem('ولايات'));
  });

  it('strips an affix only when at least two letters remain', () => {
    expect(arabicLightStem('ذات')).toBe('ذات');
    expect(arabicLightStem('الم')).toBe('الم');
    expect(arabicLightStem('بيوت')).toBe('بيوت');
  });
});
