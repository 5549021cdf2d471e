import { createHash } from 'node:crypto';
import path from 'node:path';
import matter from 'gray-matter';
import { ArticleInputError, errorMessage } from '../errors.ts';
import { detectLanguage } from '../text/language.ts';
import { articleUrlProblem } from './articleUrl.ts';
import { cleanArticleText } from './clean.ts';
import { extractHtmlArticle } from './html.ts';
import type { Article, ArticleFormat, ArticleMeta } from './types.ts';

export const articleExtensions: Record<string, ArticleFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
};

/** A stable id from the file name: lower-case letters (any script), digits, '-' and '_'. */
export function articleIdFromFileName(file: string): string {
  const stem = path.basename(file, path.extname(file));
  const id = stem
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  if (!id) throw new ArticleInputError(`${file}: the file name has no letters or digits to make an article id from; rename it.`);
  return id;
}

const ARTICLE_ID = /^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}_-]{1,200}$/u;

/** Whether a text is shaped like an article id (what articleIdFromFileName makes): anything else is refused before it is echoed. */
export function isArticleId(text: string): boolean {
  return ARTICLE_ID.test(text) && text === text.normalize('NFC') && !/^-|-$/u.test(text);
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Decodes UTF-8 text, refusing binary files and other encodings with a message that says so. */
export function decodeArticleText(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0 || bytes.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09)) {
    throw new ArticleInputError(`${file}: the file is empty.`);
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new ArticleInputError(`${file}: this is a binary file, not text; articles must be UTF-8 .md, .txt or .html files.`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ArticleInputError(`${file}: the file is not valid UTF-8 text; save it as UTF-8 and try again.`);
  }
}

function isoDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && value.trim()) {
    // A date as written ("2024-11-14T01:30:00+03:00" is the 14th where it was published).
    const written = value.trim().match(/^\d{4}-\d{2}-\d{2}/u);
    if (written) return written[0];
    const parsed = new Date(value.trim());
    return Number.isNaN(parsed.getTime()) ? value.trim() : parsed.toISOString().slice(0, 10);
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function firstLine(body: string): string | undefined {
  return body
    .split(/\r?\n/u)
    .map((line) => line.replace(/^ {0,3}#{1,6}\s+/u, '').replace(/[\s\u00a0]+/gu, ' ').trim())
    .find(Boolean);
}

interface Parts {
  body: string;
  title: string | undefined;
  meta: Omit<ArticleMeta, 'title' | 'language'> & { language?: string };
}

function markdownParts(source: string, file: string): Parts {
  if (!/^\ufeff?---\s*\r?\n/u.test(source)) return { body: source.replace(/^\ufeff/u, ''), title: undefined, meta: {} };
  let parsed: matter.GrayMatterFile<string>;
  try {
    // gray-matter caches by content; an empty options object turns the cache off, so edits are seen.
    parsed = matter(source.replace(/^\ufeff/u, ''), {});
  } catch (error) {
    throw new ArticleInputError(`${file}: the front-matter (between the --- lines) is not valid YAML: ${errorMessage(error).split('\n')[0]}`);
  }
  const data = parsed.data as Record<string, unknown>;
  return {
    body: parsed.content,
    title: text(data.title),
    meta: {
      source: text(data.source),
      url: text(data.url),
      published: isoDate(data.published ?? data.date),
      language: text(data.language ?? data.lang)?.slice(0, 2).toLowerCase(),
    },
  };
}

function htmlParts(source: string): Parts {
  const extracted = extractHtmlArticle(source);
  return {
    body: extracted.text,
    title: extracted.title,
    meta: { source: extracted.source, url: extracted.url, published: isoDate(extracted.published), language: extracted.language?.slice(0, 2).toLowerCase() },
  };
}

/**
 * Reads one article file: front-matter or HTML metadata, the body as received, and the cleaned
 * headings and paragraphs. Throws an ArticleInputError naming the file when it cannot be used; a
 * url that cannot be linked is left out instead, with the reason in `warnings`.
 */
export function parseArticle(bytes: Uint8Array, file: string): Article {
  const format = articleExtensions[path.extname(file).toLowerCase()];
  if (!format) {
    throw new ArticleInputError(`${file}: unsupported file type; articles are ${Object.keys(articleExtensions).join(', ')} files.`);
  }
  const source = decodeArticleText(bytes, file);
  const parts = format === 'html' ? htmlParts(source) : markdownParts(source, file);
  const title = parts.title ?? firstLine(parts.body);
  if (!title) throw new ArticleInputError(`${file}: the article has no text.`);
  const blocks = cleanArticleText(parts.body, title, { markdown: format !== 'text' });
  if (!blocks.some((block) => block.kind === 'paragraph')) {
    throw new ArticleInputError(`${file}: no paragraph of article text was found (only a title, captions or boilerplate).`);
  }
  const language = parts.meta.language ?? detectLanguage(blocks.map((block) => block.content.text).join(' ').slice(0, 2000));
  const urlProblem = parts.meta.url === undefined ? undefined : articleUrlProblem(parts.meta.url);
  return {
    id: articleIdFromFileName(file),
    file: path.basename(file),
    format,
    meta: {
      title,
      ...(parts.meta.source && { source: parts.meta.source }),
      ...(parts.meta.url && !urlProblem && { url: parts.meta.url }),
      ...(parts.meta.published && { published: parts.meta.published }),
      language,
    },
    contentHash: contentHash(bytes),
    original: parts.body,
    blocks,
    ...(urlProblem && { warnings: [`${urlProblem}; the article is kept without it.`] }),
  };
}
