import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { ArticleInputError } from '../../src/errors.ts';
import type { Corpus } from '../../src/corpus/loadCorpus.ts';
import type { Logger } from '../../src/util/logger.ts';

const fixtures = new URL('../fixtures/articles/', import.meta.url);
const longArticle = `# Long\n\n${'The ministers met in Brussels. '.repeat(100)}`;

interface Warning {
  obj: object | string;
  msg: string | undefined;
}

function recordingLogger(): Logger & { warnings: Warning[] } {
  const warnings: Warning[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (obj, msg) => warnings.push({ obj, msg }) };
}

describe('loadCorpus', () => {
  let dir: string;
  let corpus: Corpus;
  const logger = recordingLogger();

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'load-corpus-'));
    for (const name of ['kursk-deployment.md', 'air-defence-talks.txt', 'nato-ministers-brussels.html']) {
      await fs.copyFile(new URL(name, fixtures), path.join(dir, name));
    }
    const files: Record<string, string | Uint8Array> = {
      // Same id as kursk-deployment.md, which sorts first.
      'kursk-deployment.txt': 'Kursk\n\nSoldiers were deployed in Kursk.',
      'photo.md': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      // "وصل الوزير." in Windows-1256
      'cp1256.txt': Uint8Array.from([0xe6, 0xd5, 0xe1, 0x20, 0xc7, 0xe1, 0xe6, 0xd2, 0xed, 0xd1, 0x2e]),
      'long.md': longArticle,
      'bad-yaml.md': '---\ntitle: [unclosed\n---\nThe minister arrived.',
      'report.pdf': '%PDF-1.7',
      '.draft.md': '# Draft\n\nA draft that is not published.',
    };
    for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content);
    await fs.mkdir(path.join(dir, 'archive'));
    await fs.writeFile(path.join(dir, 'archive', 'old.md'), '# Old\n\nAn archived article.');
    corpus = await loadCorpus(dir, { maxBytes: 2000, logger });
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('loads the good files sorted by name, ignoring dotfiles and subfolders', () => {
    expect(corpus.articles.map((article) => [article.id, article.file])).toEqual([
      ['air-defence-talks', 'air-defence-talks.txt'],
      ['kursk-deployment', 'kursk-deployment.md'],
      ['nato-ministers-brussels', 'nato-ministers-brussels.html'],
    ]);
  });

  it('skips each bad file with the reason', () => {
    expect(corpus.skipped).toEqual([
      {
        file: 'bad-yaml.md',
        reason: 'the front-matter (between the --- lines) is not valid YAML: unexpected end of the stream within a flow collection at line 3, column 1:',
      },
      { file: 'cp1256.txt', reason: 'the file is not valid UTF-8 text; save it as UTF-8 and try again.' },
      { file: 'kursk-deployment.txt', reason: 'its article id "kursk-deployment" is already used by kursk-deployment.md; rename one of the files.' },
      { file: 'long.md', reason: `the file is ${Buffer.byteLength(longArticle)} bytes, over the 2000-byte limit (MAX_ARTICLE_BYTES).` },
      { file: 'photo.md', reason: 'this is a binary file, not text; articles must be UTF-8 .md, .txt or .html files.' },
      { file: 'report.pdf', reason: 'unsupported file type; articles are .md, .markdown, .txt, .html, .htm files.' },
    ]);
  });

  it('logs a warning naming the path of each skipped file', () => {
    expect(logger.warnings).toEqual(corpus.skipped.map(({ file, reason }) => ({ obj: { file: path.join(dir, file), reason }, msg: 'article skipped' })));
    expect(logger.warnings).toHaveLength(6);
  });

  it('loads the oversized file once maxBytes is raised', async () => {
    const { articles, skipped } = await loadCorpus(dir, { maxBytes: 4000 });

    expect(articles.map((article) => article.id)).toContain('long');
    expect(skipped.map((entry) => entry.file)).not.toContain('long.md');
  });

  it('refuses a size limit that is not positive', async () => {
    await expect(loadCorpus(dir, { maxBytes: 0 })).rejects.toThrow(new RangeError('maxBytes must be > 0'));
  });

  it('names CORPUS_DIR when the folder is missing', async () => {
    const missing = path.join(dir, 'missing');

    await expect(loadCorpus(missing)).rejects.toThrow(
      new ArticleInputError(`The corpus folder ${missing} cannot be read (ENOENT: no such file or directory, scandir '${missing}'); check CORPUS_DIR.`),
    );
    await expect(loadCorpus(missing)).rejects.toBeInstanceOf(ArticleInputError);
  });
});

describe('loadCorpus with an article whose url cannot be linked', () => {
  let dir: string;
  const logger = recordingLogger();
  const longUrl = `https://example.org/world/${'a'.repeat(5000 - 'https://example.org/world/'.length)}`;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'load-corpus-url-'));
    const page = await fs.readFile(new URL('nato-ministers-brussels.html', fixtures), 'utf8');
    await fs.writeFile(path.join(dir, 'nato-ministers-brussels.html'), page.replace('https://example.org/world/ministers-brussels-ukraine-aid', longUrl));
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('loads the article without the url, does not skip it, and logs the warning with the path of the file', async () => {
    const { articles, skipped } = await loadCorpus(dir, { logger });
    const warning = 'the url is 5000 characters long, over the 2048 a link in Discord can have; the article is kept without it.';

    expect(articles.map((article) => [article.id, article.meta.url, article.warnings])).toEqual([['nato-ministers-brussels', undefined, [warning]]]);
    expect(skipped).toEqual([]);
    expect(logger.warnings).toEqual([{ obj: { file: path.join(dir, 'nato-ministers-brussels.html'), warning }, msg: 'article loaded with a warning' }]);
  });
});
