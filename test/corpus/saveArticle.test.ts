import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/corpus/parseArticle.ts';
import { corpusFilePath, saveArticle, slugify, windowsSafeStem } from '../../src/corpus/saveArticle.ts';
import { ArticleInputError } from '../../src/errors.ts';

const article = (title: string, body = 'The convoy reached Kharkiv on Monday after a three-day journey.') => Buffer.from(`---\ntitle: ${title}\n---\n${body}\n`);

describe('saving an uploaded article into the corpus', () => {
  let root: string;
  let corpusDir: string;
  const options = () => ({ corpusDir, maxBytes: 10_000, indexed: [] });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'save-article-'));
    corpusDir = path.join(root, 'corpus');
    await fs.mkdir(corpusDir);
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('saves an upload under the slug of its file name and returns the parsed article', async () => {
    const result = await saveArticle({ bytes: article('Convoy'), fileName: 'Fuel Convoy (final).MD' }, options());
    expect(result).toMatchObject({ status: 'saved', file: 'fuel-convoy-final.md', article: { id: 'fuel-convoy-final', meta: { title: 'Convoy' } } });
    expect(await fs.readFile(path.join(corpusDir, 'fuel-convoy-final.md'), 'utf8')).toBe(article('Convoy').toString());
  });

  it('never overwrites: another article with the same name gets a new one, and so does a clashing id', async () => {
    await saveArticle({ bytes: article('One'), fileName: 'news.md' }, options());
    const second = await saveArticle({ bytes: article('Two'), fileName: 'news.md' }, options());
    expect(second).toMatchObject({ status: 'saved', file: 'news-2.md' });
    const clash = await saveArticle({ bytes: Buffer.from('Three\n\nA third article with its own words in it.\n'), fileName: 'news.txt' }, options());
    expect(clash).toMatchObject({ status: 'saved', file: 'news-3.txt' });
    expect((await fs.readFile(path.join(corpusDir, 'news.md'), 'utf8'))).toContain('title: One');
    expect((await fs.readdir(corpusDir)).sort()).toEqual(['news-2.md', 'news-3.txt', 'news.md']);
  });

  it('keeps an identical file that is already there instead of copying it', async () => {
    await saveArticle({ bytes: article('Same'), fileName: 'same.md' }, options());
    expect(await saveArticle({ bytes: article('Same'), fileName: 'same.md' }, options())).toMatchObject({ status: 'saved', file: 'same.md' });
    expect(await fs.readdir(corpusDir)).toEqual(['same.md']);
  });

  it('reports an article whose content is already indexed instead of adding it', async () => {
    const bytes = article('Indexed');
    const result = await saveArticle({ bytes, fileName: 'copy.md' }, { ...options(), indexed: [{ id: 'original', title: 'Indexed', contentHash: contentHash(bytes) }] });
    expect(result).toEqual({ status: 'duplicate', id: 'original', title: 'Indexed' });
    expect(await fs.readdir(corpusDir)).toEqual([]);
  });

  it('keeps every name inside the corpus folder: paths, .., backslashes and leading dots are dropped; a name without letters takes the title', async () => {
    for (const [name, saved] of [
      ['../../../etc/evil.md', 'evil.md'],
      ['/etc/absolute.md', 'absolute.md'],
      ['..\\..\\windows.txt', 'windows.txt'],
      ['.hidden.md', 'hidden.md'],
    ] as const) {
      const result = await saveArticle({ bytes: article(`Title of ${saved}`, `Body text of ${saved} with enough words.`), fileName: name }, options());
      expect(result).toMatchObject({ status: 'saved', file: saved });
    }
    const nameless = await saveArticle({ bytes: article('Winter aid'), fileName: '!!!.md' }, options());
    expect(nameless).toMatchObject({ status: 'saved', file: 'winter-aid.md' });
    expect((await fs.readdir(corpusDir)).sort()).toEqual(['absolute.md', 'evil.md', 'hidden.md', 'windows.txt', 'winter-aid.md']);
    expect((await fs.readdir(root)).sort()).toEqual(['corpus']);
  });

  it('refuses a NUL in the name, an unsupported type, a file over the limit, binary and non-UTF-8 files', async () => {
    const refused = async (upload: { bytes: Uint8Array; fileName: string }, message: string) =>
      expect(saveArticle(upload, options())).rejects.toThrow(new ArticleInputError(message));
    await refused({ bytes: article('x'), fileName: 'a\0.md' }, 'The file name contains a NUL character; rename the file.');
    await refused({ bytes: article('x'), fileName: 'photo.png' }, 'photo.png: unsupported file type; articles are .md, .markdown, .txt, .html, .htm files.');
    await refused({ bytes: Buffer.alloc(20_000, 0x61), fileName: 'big.txt' }, 'big.txt: the file is 20000 bytes, over the 10000-byte limit (MAX_UPLOAD_BYTES).');
    await refused({ bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), fileName: 'x.txt' }, 'x.txt: this is a binary file, not text; articles must be UTF-8 .md, .txt or .html files.');
    await refused({ bytes: Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x41]), fileName: 'latin1.txt' }, 'latin1.txt: the file is not valid UTF-8 text; save it as UTF-8 and try again.');
    expect(await fs.readdir(corpusDir)).toEqual([]);
  });

  it('saves a downloaded page as Markdown named after its title, with the address it came from', async () => {
    const html = '<html lang="ar"><head><title>وصول قافلة الوقود</title></head><body><article><h1>وصول قافلة الوقود</h1><p>وصلت قافلة من أربعين صهريج وقود إلى خاركيف يوم الاثنين بعد رحلة استمرت ثلاثة أيام، وفق ما أعلنه مسؤولون محليون في المدينة.</p></article></body></html>';
    const result = await saveArticle({ bytes: Buffer.from(html), fileName: 'index.html', sourceUrl: 'https://example.org/news/convoy' }, options());
    expect(result).toMatchObject({ status: 'saved', file: 'وصول-قافلة-الوقود.md', article: { id: 'وصول-قافلة-الوقود', meta: { url: 'https://example.org/news/convoy', language: 'ar' } } });
    const saved = matter(await fs.readFile(path.join(corpusDir, 'وصول-قافلة-الوقود.md'), 'utf8'));
    expect(saved.data).toMatchObject({ title: 'وصول قافلة الوقود', url: 'https://example.org/news/convoy' });
    expect(saved.content).toContain('وصلت قافلة من أربعين صهريج وقود');
  });

  it('saves an upload named like a Windows device under a name with a suffix, whatever its case, extension or trailing dots and spaces', async () => {
    const uploads: Array<[fileName: string, bytes: Uint8Array, saved: string]> = [
      ['CON.md', article('Convoy'), 'con-article.md'],
      ['nul.txt', Buffer.from('قافلة الوقود\n\nوصلت قافلة الوقود إلى خاركيف يوم الاثنين.\n'), 'nul-article.txt'],
      ['com1.md', article('Kharkiv'), 'com1-article.md'],
      ['LPT9.html', await fs.readFile(new URL('../fixtures/articles/nato-ministers-brussels.html', import.meta.url)), 'lpt9-article.md'],
      ['AUX .md', article('Aux'), 'aux-article.md'],
      ['prn. .md', article('Printer'), 'prn-article.md'],
      ['COM¹.md', article('Superscript'), 'com¹-article.md'],
      ['con.tar.md', article('Archive'), 'con-tar.md'],
      ['report. .md', article('Report'), 'report.md'],
    ];
    for (const [fileName, bytes, saved] of uploads) {
      expect(await saveArticle({ bytes, fileName }, options())).toMatchObject({ status: 'saved', file: saved, article: { id: saved.replace(/\.md$|\.txt$/u, '') } });
    }
    expect((await fs.readdir(corpusDir)).sort()).toEqual(uploads.map(([, , saved]) => saved).sort());
  });

  it('adds the suffix to a device name taken from a downloaded page\'s title or, without a usable title, from its address', async () => {
    const page = (title: string) =>
      Buffer.from(`<html><head><title>${title}</title></head><body><article><p>Foreign ministers met in Brussels on Thursday to discuss military aid for Ukraine before the winter.</p></article></body></html>`);
    const titled = await saveArticle({ bytes: page('AUX'), fileName: 'index.html', sourceUrl: 'https://example.org/news/index' }, options());
    expect(titled).toMatchObject({ status: 'saved', file: 'aux-article.md', article: { meta: { title: 'AUX' } } });
    // fetchArticle names a page at https://example.org/CON "CON.html".
    const untitled = await saveArticle({ bytes: page('***'), fileName: 'CON.html', sourceUrl: 'https://example.org/CON' }, options());
    expect(untitled).toMatchObject({ status: 'saved', file: 'con-article.md' });
  });

  it('makes a stem Windows-safe: trailing dots and spaces go, a device name before the first dot gets a suffix', () => {
    expect(windowsSafeStem('CON')).toBe('CON-article');
    expect(windowsSafeStem('con. . ')).toBe('con-article');
    expect(windowsSafeStem('nul .tar')).toBe('nul-article.tar');
    expect(windowsSafeStem('lpt0')).toBe('lpt0-article');
    expect(windowsSafeStem('com²')).toBe('com²-article');
    expect(windowsSafeStem('report. ')).toBe('report');
    for (const stem of ['console', 'com10', 'nullify', 'con-tar', 'تقرير']) expect(windowsSafeStem(stem)).toBe(stem);
  });

  it('records the page\'s own url instead of a download address too long to link', async () => {
    const page = await fs.readFile(new URL('../fixtures/articles/nato-ministers-brussels.html', import.meta.url));
    const sourceUrl = `https://example.org/world/ministers?${'ref=x&'.repeat(1000)}`;
    const result = await saveArticle({ bytes: page, fileName: 'ministers.html', sourceUrl }, options());

    expect(result).toMatchObject({ status: 'saved', file: 'foreign-ministers-meet-in-brussels-over-ukraine-aid.md' });
    const saved = matter(await fs.readFile(path.join(corpusDir, 'foreign-ministers-meet-in-brussels-over-ukraine-aid.md'), 'utf8'));
    expect(saved.data.url).toBe('https://example.org/world/ministers-brussels-ukraine-aid');
  });

  it('makes short slugs of any script and finds corpus files only by plain names', () => {
    expect(slugify('  NATO: Ministers meet — in Brussels!  ')).toBe('nato-ministers-meet-in-brussels');
    expect(slugify('أمريكا تتعهد برد حازم على التدخل العسكري لكوريا الشمالية إلى جانب روسيا في أوكرانيا').length).toBeLessThanOrEqual(60);
    expect(slugify('***')).toBe('');
    expect(corpusFilePath('/srv/corpus', 'a.md')).toBe(path.resolve('/srv/corpus/a.md'));
    for (const name of ['../a.md', 'sub/a.md', '..', '.', '.env', 'a\0.md', '/etc/passwd', 'a\\b.md']) expect(() => corpusFilePath('/srv/corpus', name)).toThrow(ArticleInputError);
  });
});
