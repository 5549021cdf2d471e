import { describe, expect, it } from 'vitest';
import { profileFor } from '../../src/embed/profiles.ts';

describe('profileFor', () => {
  it('gives e5 models their query and passage prefixes', () => {
    expect(profileFor('Xenova/multilingual-e5-small')).toEqual({ queryPrefix: 'query: ', passagePrefix: 'passage: ', minSimilarity: 0.82 });
    expect(profileFor('intfloat/e5-base-v2').queryPrefix).toBe('query: ');
  });

  it('gives other models no prefixes, so another model is a setting and not a code change', () => {
    expect(profileFor('Xenova/paraphrase-multilingual-MiniLM-L12-v2')).toEqual({ queryPrefix: '', passagePrefix: '', minSimilarity: 0.5 });
  });

  it('lets settings override the prefixes and the similarity bar', () => {
    expect(profileFor('Xenova/multilingual-e5-small', { queryPrefix: 'q: ', minSimilarity: 0.9 })).toEqual({
      queryPrefix: 'q: ',
      passagePrefix: 'passage: ',
      minSimilarity: 0.9,
    });
  });
});
