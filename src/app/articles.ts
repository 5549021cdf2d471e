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
import type { LiveIndex } from './liveIndex.ts';

/** An indexed article as the transports list it. */
export interface ArticleSummary {
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
  index: LiveIndex;
  settings: Settings;
  logger: Logger;
}

export function articleSummaries(entries: readonly ArticleEntry[], matching?: string): ArticleSummary[] {
  const wanted = matching ? normalizeForMatching(matching) : '';
  return entries
    .filter((entry) => !wanted || normalizeForMatching(`${entry.title} ${entry.id}`).includes(wanted))
    .map((entry) => ({ id: entry.id, title: entry.title, published: entry.published, indexedAt: entry.indexedAt, chunks: entry.labels.length }));
}

/** Why an announced upload cannot be an article, before it is downloaded; undefined when it may be. */
export function uploadProblem(file: { name: string; size: number }, maxBytes: number): UploadProblem | undefined {
  if (!(path.extname(file.name).toLowerCase() in articleExtensions)) return { reason: 'file-type', extensions: Object.keys(articleExtensions) };
  if (file.size > maxBytes) return { reason: 'too-large', bytes: file.size, max: maxBytes };
  return undefined;
}

/** Saves an article into the corpus (downloading it first for a URL) and indexes it. Bad input throws ArticleInputError. */
export async function addArticle(source: ArticleSource, parts: ArticleParts): Promise<AddArticleResult> {
  const { settings, index, logger } = parts;
  const maxBytes = settings.discord.maxUploadBytes;
  let upload: ArticleUpload;
  if ('file' in source) {
    upload = { bytes: source.file.bytes, fileName: source.file.name };
  } else {
    const fetched = await fetchArticle(source.url, { maxBytes, timeoutMs: settings.discord.urlFetchTimeoutSeconds * 1000, allowPrivate: settings.discord.allowPrivateUrls });
    upload = { bytes: fetched.bytes, fileName: fetched.fileName, sourceUrl: fetched.url };
  }
  const saved = await saveArticle(upload, { corpusDir: settings.corpusDir, maxBytes, indexed: index.snapshot?.articles ?? [] });
  if (saved.status === 'duplicate') return saved;
  logger.info({ event: 'article added', id: saved.article.id, file: saved.file, from: 'file' in source ? 'file' : 'url' }, 'article saved to the corpus');
  await index.reindex();
  const entry = index.snapshot?.article(saved.article.id);
  return entry ? { status: 'added', id: entry.id, title: entry.title, file: saved.file, chunks: entry.labels.length } : { status: 'not-indexed', file: saved.file };
}

/** Deletes an indexed article's file from the corpus and reindexes. */
export async function removeArticle(id: string, parts: ArticleParts): Promise<RemoveArticleResult> {
  const entry = parts.index.snapshot?.article(id);
  if (!entry) return { status: 'unknown' };
  await fs.rm(corpusFilePath(parts.settings.corpusDir, entry.file), { force: true });
  parts.logger.info({ event: 'article removed', id: entry.id, file: entry.file }, 'article removed from the corpus');
  await parts.index.reindex();
  return { status: 'removed', id: entry.id, title: entry.title };
}
