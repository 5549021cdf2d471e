import { describe, expect, it } from 'vitest';
import { FSI, LRI, PDI, RLI } from '../../../src/discord/render/bidi.ts';
import { paragraphRange, renderCitation, safeLink } from '../../../src/discord/render/citation.ts';

describe('citations', () => {
  it('writes paragraph numbers as a range when they follow each other', () => {
    expect(paragraphRange([2])).toBe('2');
    expect(paragraphRange([2, 1])).toBe('1–2');
    expect(paragraphRange([1, 3])).toBe('1, 3');
  });

  it('wraps http(s) links in <…> so no preview unfurls, and refuses other schemes', () => {
    expect(safeLink('https://example.org/a b?q=<x>')).toBe('<https://example.org/a%20b?q=%3Cx%3E>');
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('not a url')).toBeUndefined();
    expect(safeLink(undefined)).toBeUndefined();
  });

  it("puts each fact on its own line in the reader's direction, isolating the article's words", () => {
    const citation = { library: 'shared', articleId: 'a', title: 'T', section: 'Air defence', paragraphs: [2, 3], url: 'https://example.org/x', source: 'Reuters', published: '2024-11-14' };
    expect(renderCitation(citation, 'ar').split('\n')).toEqual([
      `${RLI}القسم: ${FSI}Air defence${PDI}${PDI}`,
      `${RLI}الفقرات ${FSI}2–3${PDI}${PDI}`,
      `${RLI}المصدر: ${FSI}Reuters${PDI} · تاريخ النشر: ${FSI}2024-11-14${PDI}${PDI}`,
      '<https://example.org/x>',
    ]);
    expect(renderCitation({ ...citation, section: undefined, url: undefined, source: undefined }, 'en').split('\n')).toEqual([
      `${LRI}Paragraphs ${FSI}2–3${PDI}${PDI}`,
      `${LRI}Published: ${FSI}2024-11-14${PDI}${PDI}`,
    ]);
  });
});
