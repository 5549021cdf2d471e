import { describe, expect, it } from 'vitest';
import { MappedText } from '../../src/corpus/mappedText.ts';

const offsetsOf = (mapped: MappedText): number[] => Array.from(mapped.offsets);

describe('MappedText', () => {
  it('maps each character of a slice of the original to its place there', () => {
    const original = 'قال الوزير إن المحادثات ستستمر.';
    const mapped = MappedText.fromOriginal(original, 4, 10);

    expect(mapped.text).toBe('الوزير');
    expect(offsetsOf(mapped)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(mapped.length).toBe(6);
  });

  it('slices keep the offsets of the characters they keep', () => {
    const mapped = MappedText.fromOriginal('The ministers met.').slice(4, 13);

    expect(mapped.text).toBe('ministers');
    expect(offsetsOf(mapped)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  describe('replace', () => {
    it('keeps the offsets of the characters it keeps when it collapses spaces', () => {
      const mapped = MappedText.fromOriginal('وصل\u00a0\u00a0 الوزير').replace(/[\s\u00a0]+/gu, ' ');

      expect(mapped.text).toBe('وصل الوزير');
      expect(offsetsOf(mapped)).toEqual([0, 1, 2, 5, 6, 7, 8, 9, 10, 11]);
    });

    it('drops the offsets of deleted characters', () => {
      const mapped = MappedText.fromOriginal('U.N. talks').replace(/\./gu, '');

      expect(mapped.text).toBe('UN talks');
      expect(offsetsOf(mapped)).toEqual([0, 2, 4, 5, 6, 7, 8, 9]);
    });

    it('keeps the original place of a captured group returned by a function', () => {
      const mapped = MappedText.fromOriginal('met **in Brussels** today').replace(/\*\*(.+?)\*\*/gu, (match) => match[1]!);

      expect(mapped.text).toBe('met in Brussels today');
      expect(mapped.offsets[4]).toBe(6);
      expect(mapped.offsets[14]).toBe(16);
      expect(mapped.offsets[15]).toBe(19);
    });

    it('maps an inserted character that is not in the match to the position of the match', () => {
      const mapped = MappedText.fromOriginal('a-b').replace(/-/gu, ' / ');

      expect(mapped.text).toBe('a / b');
      expect(offsetsOf(mapped)).toEqual([0, 1, 1, 1, 2]);
    });

    it('refuses a pattern that is not global', () => {
      expect(() => MappedText.fromOriginal('text').replace(/t/u, '')).toThrow(new TypeError('MappedText.replace needs a global pattern'));
    });
  });

  describe('join', () => {
    it('maps the separator to the end of the first piece', () => {
      const original = 'one\n\ntwo';
      const joined = MappedText.fromOriginal(original, 0, 3).join(MappedText.fromOriginal(original, 5, 8), ' ');

      expect(joined.text).toBe('one two');
      expect(offsetsOf(joined)).toEqual([0, 1, 2, 2, 5, 6, 7]);
    });

    it('maps the separator to the start of the second piece when the first is empty', () => {
      const original = 'abc def';
      const joined = MappedText.fromOriginal(original, 0, 0).join(MappedText.fromOriginal(original, 4, 7), '\n\n');

      expect(joined.text).toBe('\n\ndef');
      expect(offsetsOf(joined)).toEqual([4, 4, 4, 5, 6]);
    });
  });

  describe('originalSpan', () => {
    const original = 'أمريكا تتعهد\n\nبرد حازم';
    const joined = MappedText.fromOriginal(original, 0, 12).join(MappedText.fromOriginal(original, 14, 22), ' ');

    it('covers the original text from the first to the last character of the range', () => {
      expect(joined.text).toBe('أمريكا تتعهد برد حازم');
      expect(joined.originalSpan(0, joined.length)).toEqual({ start: 0, end: 22 });
      const span = joined.originalSpan(7, 16);
      expect(original.slice(span.start, span.end)).toBe('تتعهد\n\nبرد');
    });

    it('gives an empty span at the character for an empty range', () => {
      expect(joined.originalSpan(13, 13)).toEqual({ start: 14, end: 14 });
    });

    it('gives an empty span just past the last character for an empty range at the end', () => {
      expect(joined.originalSpan(joined.length, joined.length)).toEqual({ start: 22, end: 22 });
    });
  });

  describe('trim', () => {
    it('drops white space at both ends and keeps the offsets of the rest', () => {
      const trimmed = MappedText.fromOriginal('\u00a0 سلام \n').trim();

      expect(trimmed.text).toBe('سلام');
      expect(offsetsOf(trimmed)).toEqual([2, 3, 4, 5]);
    });

    it('gives empty text for white space only', () => {
      const trimmed = MappedText.fromOriginal(' \u00a0\t ').trim();

      expect(trimmed.text).toBe('');
      expect(trimmed.length).toBe(0);
    });
  });
});
