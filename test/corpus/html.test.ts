import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractHtmlArticle } from '../../src/corpus/html.ts';

const page = fs.readFileSync(new URL('../fixtures/articles/nato-ministers-brussels.html', import.meta.url), 'utf8');

describe('extractHtmlArticle', () => {
  it('reads the title without the site name, the canonical url, the publication time, the language and the site name', () => {
    const { title, url, published, language, source } = extractHtmlArticle(page);

    expect({ title, url, published, language, source }).toEqual({
      title: 'Foreign ministers meet in Brussels over Ukraine aid',
      url: 'https://example.org/world/ministers-brussels-ukraine-aid',
      published: '2024-11-14T09:00:00Z',
      language: 'en-GB',
      source: 'Example News',
    });
  });

  it('keeps the article text with headings as "## " lines and blocks separated by blank lines', () => {
    expect(extractHtmlArticle(page).text).toBe(
      [
        'Foreign ministers of the alliance met in Brussels on Thursday to discuss military aid for Ukraine before the winter.',
        '## Air defence',
        'The ministers agreed to send more air defence systems. Germany said it would deliver two additional Patriot batteries.',
      ].join('\n\n'),
    );
  });

  it('leaves out captions, navigation and the footer', () => {
    const { text } = extractHtmlArticle(page);

    expect(text).not.toContain('Ministers arrive at the summit venue');
    expect(text).not.toContain('World news and analysis');
    expect(text).not.toContain('Subscribe to our newsletter');
  });

  it('falls back to og:url, og:title and a <time datetime>, and reads a paragraph inside a list item once', () => {
    const html = `<!doctype html><html lang="ar"><head>
      <meta property="og:url" content="https://example.org/ar/brussels">
      <meta property="og:title" content="وزراء الخارجية يجتمعون في بروكسل">
      </head><body><article>
      <p>وصل الوزير إلى بروكسل مساء الأربعاء لحضور اجتماع وزراء خارجية الحلف، وبدأت المحادثات في اليوم التالي.</p>
      <time datetime="2024-11-13">13 نوفمبر</time>
      <ul><li><p>البند الأول من الاتفاق يخص الدفاع الجوي.</p></li><li>البند الثاني يخص الميزانية.</li></ul>
      </article></body></html>`;

    expect(extractHtmlArticle(html)).toEqual({
      title: 'وزراء الخارجية يجتمعون في بروكسل',
      text: [
        'وصل الوزير إلى بروكسل مساء الأربعاء لحضور اجتماع وزراء خارجية الحلف، وبدأت المحادثات في اليوم التالي.',
        'البند الأول من الاتفاق يخص الدفاع الجوي.',
        'البند الثاني يخص الميزانية.',
      ].join('\n\n'),
      url: 'https://example.org/ar/brussels',
      published: '2024-11-13',
      language: 'ar',
      source: undefined,
    });
  });

  it('reads the text of a page without paragraphs and gives no metadata it does not have', () => {
    expect(extractHtmlArticle('<html><body><div>Ministers met   in Brussels</div></body></html>')).toEqual({
      title: undefined,
      text: 'Ministers met in Brussels',
      url: undefined,
      published: undefined,
      language: undefined,
      source: undefined,
    });
  });
});
