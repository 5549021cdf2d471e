import fs from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../config/settings.ts';
import { fetchArticle } from '../corpus/fetchArticle.ts';
import { articleExtensions } from '../corpus/parseArticle.ts';

export { isArticleId } from '../corpus/parseArticle.ts';
import { corpusFilePath, saveArticle, type ArticleUpload } from '../corpus/saveArticle.ts';
import type { ArticleEntry } from '../index/manifest.ts';
import { normalizeForMatching } from '../text/normalize.ts';
import type { Logger } from '../util/logger.ts';
import type { Library } from './library.ts';
import type { LibraryTag } from './scope.ts';

/** An indexed article as the transports list it. */
export interface ArticleSummary {
  /** Which library it is in, as the asker sees it: their server's own, or the shared one. */
  library: LibraryTag;
  id: string;
  title: string;
  published: string | undefined;
  /** ISO time it was indexed. */
  indexedAt: string;
  chunks: number;
}

/** An article to add: a file's bytes (an upload), or a web address to download it from. */
export type ArticleSource = { file: { bytes: Uint8Array; name: string } } | { url: string };

export type AddArticleResult =
  | { status: 'added'; id: string; title: string; file: string; chunks: number }
  /** Its content is already indexed: nothing was added. */
  | { status: 'duplicate'; id: string; title: string }
  /** Saved into the corpus, but the reindex left it out (the log says why). */
  | { status: 'not-indexed'; file: string };

export type RemoveArticleResult = { status: 'removed'; id: string; title: string } | { status: 'unknown' };

export type UploadProblem = { reason: 'file-type'; extensions: string[] } | { reason: 'too-large'; bytes: number; max: number };

interface ArticleParts {
  library: Library;
  settings: Settings;
  logger: Logger;
}

export function articleSummaries(entries: readonly ArticleEntry[], library: LibraryTag, matching?: string): ArticleSummary[] {
  const wanted = matching ? normalizeForMatching(matching) : '';
  return entries
    .filter((entry) => !wanted || normalizeForMatching(`${entry.title} ${entry.id}`).includes(wanted))
    .map((entry) => ({ library, id: entry.id, title: entry.title, published: entry.published, indexedAt: entry.indexedAt, chunks: entry.labels.length }));
}

/** Why an announced upload cannot be an article, before it is downloaded; undefined when it may be. */
export function uploadProblem(file: { name: string; size: number }, maxBytes: number): UploadProblem | undefined {
  if (!(path.extname(file.name).toLowerCase() in articleExtensions)) return { reason: 'file-type', extensions: Object.keys(articleExtensions) };
  if (file.size > maxBytes) return { reason: 'too-large', bytes: file.size, max: maxBytes };
  return undefined;
}

/** Saves an article into a library's corpus (downloading it first for a URL) and indexes it. Bad input throws ArticleInputError. */
export async function addArticle(source: ArticleSource, parts: ArticleParts): Promise<AddArticleResult> {
  const { settings, library, logger } = parts;
  const { index } = library;
  const maxBytes = settings.discord.maxUploadBytes;
  let upload: ArticleUpload;
  if ('file' in source) {
    upload = { bytes: source.file.bytes, fileName: source.file.name };
  } else {
    const fetched = await fetchArticle(source.url, { maxBytes, timeoutMs: settings.discord.urlFetchTimeoutSeconds * 1000, allowPrivate: settings.discord.allowPrivateUrls });
    upload = { bytes: fetched.bytes, fileName: fetched.fileName, sourceUrl: fetched.url };
  }
  const saved = await saveArticle(upload, { corpusDir: library.paths.corpusDir, maxBytes, indexed: index.snapshot?.articles ?? [] });
  if (saved.status === 'duplicate') return saved;
  logger.info({ event: 'article added', library: library.id, id: saved.article.id, file: saved.file, from: 'file' in source ? 'file' : 'url' }, 'article saved to the corpus');
  await index.reindex();
  const entry = index.snapshot?.article(saved.article.id);
  return entry ? { status: 'added', id: entry.id, title: entry.title, file: saved.file, chunks: entry.labels.length } : { status: 'not-indexed', file: saved.file };
}

/** Deletes an indexed article's file from its library's corpus and reindexes that library. */
export async function removeArticle(id: string, parts: Omit<ArticleParts, 'settings'>): Promise<RemoveArticleResult> {
  const { library } = parts;
  const entry = library.index.snapshot?.article(id);
  if (!entry) return { status: 'unknown' };
  await fs.rm(corpusFilePath(library.paths.corpusDir, entry.file), { force: true });
  parts.logger.info({ event: 'article removed', library: library.id, id: entry.id, file: entry.file }, 'article removed from the corpus');
  await library.index.reindex();
  return { status: 'removed', id: entry.id, title: entry.title };
}
