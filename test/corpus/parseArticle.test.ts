import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_ARTICLE_URL_LENGTH } from '../../src/corpus/articleUrl.ts';
import { articleIdFromFileName, parseArticle } from '../../src/corpus/parseArticle.ts';
import { ArticleInputError } from '../../src/errors.ts';

const fixture = (name: string): Buffer => fs.readFileSync(new URL(`../fixtures/articles/${name}`, import.meta.url));
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const failure = (bytes: Uint8Array, file: string): unknown => {
  try {
    parseArticle(bytes, file);
  } catch (error) {
    return error;
  }
  throw new Error(`${file} was parsed`);
};

describe('parseArticle', () => {
  describe('markdown with front-matter', () => {
    it('reads the title, source, url, publication date and language from the front-matter', () => {
      const article = parseArticle(fixture('kursk-deployment.md'), 'kursk-deployment.md');

      expect(article.id).toBe('kursk-deployment');
      expect(article.file).toBe('kursk-deployment.md');
      expect(article.format).toBe('markdown');
      expect(article.meta).toEqual({
        title: 'كوريا الشمالية تنشر جنودًا في كورسك',
        source: 'الموقع العربي للدفاع والتسليح',
        url: 'https://example.org/ar/kursk-deployment',
        published: '2024-11-13',
        language: 'ar',
      });
    });

    it('keeps the body after the front-matter as the original and cleans it into headings and paragraphs', () => {
      const article = parseArticle(fixture('kursk-deployment.md'), 'kursk-deployment.md');

      expect(article.original.startsWith('كوريا الشمالية تنشر جنودًا في كورسك\n\nأكدت الولايات المتحدة')).toBe(true);
      expect(article.blocks.map((block) => [block.kind, block.content.text])).toEqual([
        ['paragraph', 'أكدت الولايات المتحدة أن أكثر من 10 آلاف جندي كوري شمالي تم نشرهم في روسيا، وخاصة في منطقة كورسك.'],
        ['heading', 'تغير توازن القوى'],
        ['paragraph', 'قد يغير وصول الجنود توازن القوى على الأرض. ويسمح هذا التعزيز لروسيا بتعويض خسائرها.'],
      ]);
    });

    it('accepts "date" and "language", a quoted date, a byte-order mark and Windows line ends', () => {
      const source = '\ufeff---\r\ntitle: Ministers meet in Brussels\r\ndate: "2024-11-14"\r\nlanguage: en\r\n---\r\nThe ministers met on Thursday.\r\n';
      const article = parseArticle(utf8(source), 'brussels.md');

      expect(article.meta).toEqual({ title: 'Ministers meet in Brussels', published: '2024-11-14', language: 'en' });
      expect(article.blocks.map((block) => block.content.text)).toEqual(['The ministers met on Thursday.']);
    });

    it('detects the language from the text when the front-matter is silent', () => {
      expect(parseArticle(utf8('---\ntitle: قمة بروكسل\n---\nوصل الوزير إلى بروكسل.'), 'a.md').meta.language).toBe('ar');
      expect(parseArticle(utf8('---\ntitle: Brussels summit\n---\nThe minister arrived.'), 'b.md').meta.language).toBe('en');
    });

    // BUG (src/corpus/parseArticle.ts, markdownParts): the front-matter language is not normalized as the HTML one is
    // (htmlParts: .slice(0, 2).toLowerCase()).
    it('normalizes the front-matter language code as it does the HTML one', () => {
      expect(parseArticle(utf8('---\ntitle: Brussels summit\nlanguage: EN-us\n---\nThe minister arrived.'), 'b.md').meta.language).toBe('en');
    });

    // BUG (src/corpus/parseArticle.ts, isoDate): new Date(...).toISOString() turns the time into UTC, moving the date.
    it('keeps the publication date as written, whatever its time zone', () => {
      const source = '---\ntitle: Brussels summit\npublished: "2024-11-14T01:30:00+03:00"\n---\nThe minister arrived.';

      expect(parseArticle(utf8(source), 'b.md').meta.published).toBe('2024-11-14');
    });
  });

  describe('files without front-matter', () => {
    it('takes the title from the first line of a text file and does not repeat it as a paragraph', () => {
      const article = parseArticle(fixture('air-defence-talks.txt'), 'air-defence-talks.txt');

      expect(article.format).toBe('text');
      expect(article.meta).toEqual({ title: 'Germany to send two more Patriot batteries', language: 'en' });
      expect(article.blocks.map((block) => block.content.text)).toEqual([
        'Germany said on Thursday it would deliver two additional Patriot air defence batteries to Ukraine before the winter.',
        'The decision was announced after a meeting of foreign ministers in Brussels.',
      ]);
    });

    it('takes the title from a markdown heading on the first line', () => {
      const article = parseArticle(utf8('# قمة بروكسل\n\nوصل الوزير إلى بروكسل.'), 'summit.markdown');

      expect(article.meta.title).toBe('قمة بروكسل');
      expect(article.blocks.map((block) => block.content.text)).toEqual(['وصل الوزير إلى بروكسل.']);
    });
  });

  describe('HTML', () => {
    const article = parseArticle(fixture('nato-ministers-brussels.html'), 'nato-ministers-brussels.html');

    it('reads the title, url, publication date, site name and language of the page', () => {
      expect(article.format).toBe('html');
      expect(article.meta).toEqual({
        title: 'Foreign ministers meet in Brussels over Ukraine aid',
        source: 'Example News',
        url: 'https://example.org/world/ministers-brussels-ukraine-aid',
        published: '2024-11-14',
        language: 'en',
      });
    });

    it('keeps headings and paragraphs, without the caption, the navigation or the footer', () => {
      expect(article.blocks.map((block) => [block.kind, block.content.text])).toEqual([
        ['paragraph', 'Foreign ministers of the alliance met in Brussels on Thursday to discuss military aid for Ukraine before the winter.'],
        ['heading', 'Air defence'],
        ['paragraph', 'The ministers agreed to send more air defence systems. Germany said it would deliver two additional Patriot batteries.'],
      ]);
    });

    it('keeps the extracted text as the original the blocks map back to', () => {
      for (const block of article.blocks) {
        const span = block.content.originalSpan(0, block.content.length);
        expect(article.original.slice(span.start, span.end)).toBe(block.content.text);
      }
    });
  });

  describe('urls that cannot be linked', () => {
    const kursk = fixture('kursk-deployment.md').toString();
    const nato = fixture('nato-ministers-brussels.html').toString();
    const kurskUrl = 'https://example.org/ar/kursk-deployment';
    const natoUrl = 'https://example.org/world/ministers-brussels-ukraine-aid';
    const urlOfLength = (length: number) => `https://example.org/news/${'a'.repeat(length - 'https://example.org/news/'.length)}`;
    const withFrontMatterUrl = (url: string) => utf8(kursk.replace(`url: ${kurskUrl}`, `url: "${url}"`));

    it('leaves out a 5,000-character front-matter url with the reason as a warning, and still loads the article', () => {
      const article = parseArticle(withFrontMatterUrl(urlOfLength(5000)), 'kursk-deployment.md');

      expect(article.meta).toEqual({ title: 'كوريا الشمالية تنشر جنودًا في كورسك', source: 'الموقع العربي للدفاع والتسليح', published: '2024-11-13', language: 'ar' });
      expect(article.warnings).toEqual(['the url is 5000 characters long, over the 2048 a link in Discord can have; the article is kept without it.']);
      expect(article.blocks.map((block) => block.kind)).toEqual(['paragraph', 'heading', 'paragraph']);
    });

    it('leaves out a 5,000-character canonical url of an HTML page', () => {
      const article = parseArticle(utf8(nato.replace(natoUrl, urlOfLength(5000))), 'nato-ministers-brussels.html');

      expect(article.meta.url).toBeUndefined();
      expect(article.meta.title).toBe('Foreign ministers meet in Brussels over Ukraine aid');
      expect(article.warnings).toEqual(['the url is 5000 characters long, over the 2048 a link in Discord can have; the article is kept without it.']);
    });

    it('takes the og:url of a page whose canonical url cannot be linked', () => {
      const page = nato.replace(natoUrl, urlOfLength(5000)).replace('</head>', `<meta property="og:url" content="${natoUrl}">\n</head>`);
      const article = parseArticle(utf8(page), 'nato-ministers-brussels.html');

      expect(article.meta.url).toBe(natoUrl);
      expect(article.warnings).toBeUndefined();
    });

    it('leaves out a javascript: url and a relative one', () => {
      expect(parseArticle(withFrontMatterUrl('javascript:alert(document.cookie)'), 'kursk-deployment.md').warnings).toEqual([
        'the url is a javascript: address, not http or https; the article is kept without it.',
      ]);
      expect(parseArticle(utf8(nato.replace(natoUrl, '/world/ministers-brussels-ukraine-aid')), 'nato-ministers-brussels.html').warnings).toEqual([
        'the url "/world/ministers-brussels-ukraine-aid" is not an absolute http or https address; the article is kept without it.',
      ]);
    });

    it(`keeps a url of ${MAX_ARTICLE_URL_LENGTH} characters and leaves out one that is longer once percent-encoded`, () => {
      expect(parseArticle(withFrontMatterUrl(urlOfLength(MAX_ARTICLE_URL_LENGTH)), 'kursk-deployment.md').meta.url).toBe(urlOfLength(MAX_ARTICLE_URL_LENGTH));
      // 400 Arabic letters as written, each six characters (%D8%A3) in the link.
      const arabic = `https://example.org/${'أخبار'.repeat(80)}`;
      const article = parseArticle(withFrontMatterUrl(arabic), 'kursk-deployment.md');
      expect(arabic.length).toBeLessThan(MAX_ARTICLE_URL_LENGTH);
      expect(article.meta.url).toBeUndefined();
      expect(article.warnings).toEqual(['the url is 2420 characters long, over the 2048 a link in Discord can have; the article is kept without it.']);
    });

    it('gives no warnings when nothing was wrong', () => {
      expect(parseArticle(fixture('kursk-deployment.md'), 'kursk-deployment.md').warnings).toBeUndefined();
    });
  });

  describe('HTML with a byline', () => {
    const article = parseArticle(fixture('eu-gas-storage-byline.html'), 'eu-gas-storage-byline.html');

    it('keeps the byline as text and the <h2> as the only heading', () => {
      expect(article.blocks.map((block) => [block.kind, block.content.text])).toEqual([
        ['paragraph', 'By Jane Doe, Brussels correspondent · 12 November 2024'],
        ['paragraph', 'European Union gas storage sites are more than 95 per cent full, the European Commission said on Tuesday, well ahead of the 1 November target.'],
        ['heading', 'Prices fall'],
        ['paragraph', 'Wholesale gas prices fell after the announcement. Traders said the full storage sites made shortages this winter unlikely.'],
      ]);
    });

    it('reads the page\'s metadata as usual', () => {
      expect(article.meta).toEqual({
        title: 'EU gas storage full ahead of winter',
        source: 'Example News',
        url: 'https://example.org/europe/eu-gas-storage-winter',
        published: '2024-11-12',
        language: 'en',
      });
    });
  });

  describe('article ids', () => {
    it('makes the id from the file name, lower-cased, with "-" for spaces and punctuation', () => {
      expect(articleIdFromFileName('My Report (2024).md')).toBe('my-report-2024');
      expect(articleIdFromFileName('sub/folder/Brussels_Summit.html')).toBe('brussels_summit');
    });

    it('keeps the letters of an Arabic file name', () => {
      expect(articleIdFromFileName('تقرير الحرب في أوكرانيا.md')).toBe('تقرير-الحرب-في-أوكرانيا');
      expect(parseArticle(utf8('# قمة\n\nوصل الوزير.'), 'قمة بروكسل.md').id).toBe('قمة-بروكسل');
    });

    // BUG (src/corpus/parseArticle.ts, articleIdFromFileName): combining marks (\p{M}: Arabic harakat, Indic vowel
    // signs) are not in the kept class [\p{L}\p{N}_-], so they cut words with '-'.
    it('keeps Arabic letters that carry diacritics together', () => {
      expect(articleIdFromFileName('تقرير مُفصّل.md')).toBe('تقرير-مُفصّل'.normalize('NFC'));
    });

    it('refuses a file name with no letters or digits', () => {
      expect(() => articleIdFromFileName('!!! ---.md')).toThrow(
        new ArticleInputError('!!! ---.md: the file name has no letters or digits to make an article id from; rename it.'),
      );
    });
  });

  describe('content hash', () => {
    it('is the same for the same bytes and changes with one changed byte', () => {
      const bytes = fixture('kursk-deployment.md');
      const changed = Buffer.from(bytes);
      changed[changed.length - 2] = 0x21;

      const hash = parseArticle(bytes, 'kursk-deployment.md').contentHash;
      expect(hash).toMatch(/^[0-9a-f]{64}$/u);
      expect(parseArticle(Buffer.from(bytes), 'renamed.md').contentHash).toBe(hash);
      expect(parseArticle(changed, 'kursk-deployment.md').contentHash).not.toBe(hash);
    });
  });

  describe('refusals', () => {
    const refusals: Array<[string, Uint8Array, string, string]> = [
      ['an empty file', new Uint8Array(), 'empty.md', 'empty.md: the file is empty.'],
      ['a file of white space', utf8(' \n\t\r\n'), 'blank.txt', 'blank.txt: the file is empty.'],
      [
        'a binary file',
        Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
        'photo.md',
        'photo.md: this is a binary file, not text; articles must be UTF-8 .md, .txt or .html files.',
      ],
      [
        'Windows-1256 text',
        // "وصل الوزير إلى بروكسل." in Windows-1256
        Uint8Array.from([0xe6, 0xd5, 0xe1, 0x20, 0xc7, 0xe1, 0xe6, 0xd2, 0xed, 0xd1, 0x20, 0xc5, 0xe1, 0xec, 0x20, 0xc8, 0xd1, 0xe6, 0xdf, 0xd3, 0xe1, 0x2e]),
        'cp1256.txt',
        'cp1256.txt: the file is not valid UTF-8 text; save it as UTF-8 and try again.',
      ],
      [
        'front-matter that is not YAML',
        utf8('---\ntitle: [unclosed\n---\nThe minister arrived.'),
        'bad-yaml.md',
        'bad-yaml.md: the front-matter (between the --- lines) is not valid YAML: unexpected end of the stream within a flow collection at line 3, column 1:',
      ],
      ['a PDF', utf8('%PDF-1.7'), 'report.pdf', 'report.pdf: unsupported file type; articles are .md, .markdown, .txt, .html, .htm files.'],
      ['only a title', utf8('# قمة بروكسل\n'), 'title-only.md', 'title-only.md: no paragraph of article text was found (only a title, captions or boilerplate).'],
      [
        'a title, captions and a footer',
        utf8('---\ntitle: قمة بروكسل\n---\nقمة بروكسل\n\nقمة بروكسل\n\nالموقع العربي | Facebook\n'),
        'captions.md',
        'captions.md: no paragraph of article text was found (only a title, captions or boilerplate).',
      ],
      ['lines of non-breaking spaces', utf8('\u00a0\n\u00a0\n'), 'nbsp.md', 'nbsp.md: the article has no text.'],
    ];

    it.each(refusals)('refuses %s with a message naming the file', (_name, bytes, file, message) => {
      const error = failure(bytes, file);

      expect(error).toBeInstanceOf(ArticleInputError);
      expect((error as Error).message).toBe(message);
    });
  });
});
