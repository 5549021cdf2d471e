import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/answer/strings.ts';
import { decodeButtonAction } from '../../../src/discord/customId.ts';
import { renderArticlesPage } from '../../../src/discord/render/articlesPage.ts';
import type { ArticleSummary } from '../../../src/app/articles.ts';

const entry = (i: number): ArticleSummary => ({
  library: 'shared',
  id: `article-${i}`,
  title: i % 2 ? `Article number ${i}` : `مقال رقم ${i}`,
  published: '2024-11-13',
  chunks: 2,
  indexedAt: '2025-01-01T00:00:00.000Z',
});

describe('the /articles list', () => {
  it('shows a page of ten with title, id, date and chunk count, and buttons to the neighbouring pages', () => {
    const articles = Array.from({ length: 23 }, (_, i) => entry(i + 1));
    const page = renderArticlesPage(articles, 1, 'en');
    const [embed] = page.embeds;
    expect(embed!.title).toContain(strings.en.articlesTitle(23));
    expect(embed!.description).toContain('**11.**');
    expect(embed!.description).toContain('`article-11`');
    expect(embed!.description).toContain('2 chunks');
    expect(embed!.description).not.toContain('`article-21`');
    expect(embed!.footer!.text).toBe('Page 2 of 3');
    expect(page.components[0]!.components.map((b) => decodeButtonAction(b.custom_id))).toEqual([
      { kind: 'articles', page: 0 },
      { kind: 'articles', page: 2 },
    ]);
  });

  it('clamps the page, disables the buttons at the ends and has none for a single page', () => {
    const articles = Array.from({ length: 12 }, (_, i) => entry(i + 1));
    const last = renderArticlesPage(articles, 9, 'en');
    expect(last.embeds[0]!.footer!.text).toBe('Page 2 of 2');
    expect(last.components[0]!.components[1]!.disabled).toBe(true);
    expect(renderArticlesPage(articles.slice(0, 3), 0, 'en').components).toEqual([]);
    expect(renderArticlesPage([], 0, 'ar').content).toContain(strings.ar.emptyIndex);
  });
});
