import fs from 'node:fs/promises';
import path from 'node:path';
import { settingDefault } from '../config/settings.ts';
import { ArticleInputError, errorMessage } from '../errors.ts';
import type { Logger } from '../util/logger.ts';
import { silentLogger } from '../util/logger.ts';
import { articleExtensions, parseArticle } from './parseArticle.ts';
import type { Article } from './types.ts';

export interface LoadCorpusOptions {
  /** Files larger than this are skipped. */
  maxBytes: number;
  logger: Logger;
}

export const defaultLoadCorpusOptions: LoadCorpusOptions = { maxBytes: settingDefault('MAX_ARTICLE_BYTES'), logger: silentLogger };

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface Corpus {
  articles: Article[];
  skipped: SkippedFile[];
}

/**
 * Loads every article in a folder, sorted by file name. A file that cannot be used is skipped
 * with a warning naming it and the reason; the rest of the corpus still loads. An article that
 * loads with a problem (a url left out) is logged with each of its warnings.
 */
export async function loadCorpus(dir: string, options: Partial<LoadCorpusOptions> = {}): Promise<Corpus> {
  const { maxBytes, logger } = { ...defaultLoadCorpusOptions, ...options };
  if (!(maxBytes > 0)) throw new RangeError('maxBytes must be > 0');
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new ArticleInputError(`The corpus folder ${dir} cannot be read (${errorMessage(error)}); check CORPUS_DIR.`, { cause: error });
  }
  const articles: Article[] = [];
  const skipped: SkippedFile[] = [];
  const ids = new Map<string, string>();
  const skip = (file: string, reason: string) => {
    skipped.push({ file, reason });
    logger.warn({ file: path.join(dir, file), reason }, 'article skipped');
  };

  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || !entry.isFile()) continue;
    const file = entry.name;
    if (!(path.extname(file).toLowerCase() in articleExtensions)) {
      skip(file, `unsupported file type; articles are ${Object.keys(articleExtensions).join(', ')} files.`);
      continue;
    }
    try {
      const stat = await fs.stat(path.join(dir, file));
      if (stat.size > maxBytes) {
        skip(file, `the file is ${stat.size} bytes, over the ${maxBytes}-byte limit (MAX_ARTICLE_BYTES).`);
        continue;
      }
      const article = parseArticle(await fs.readFile(path.join(dir, file)), file);
      const clash = ids.get(article.id);
      if (clash) {
        skip(file, `its article id "${article.id}" is already used by ${clash}; rename one of the files.`);
        continue;
      }
      ids.set(article.id, file);
      articles.push(article);
      for (const warning of article.warnings ?? []) logger.warn({ file: path.join(dir, file), warning }, 'article loaded with a warning');
    } catch (error) {
      if (!(error instanceof ArticleInputError)) throw error;
      skip(file, error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : error.message);
    }
  }
  return { articles, skipped };
}
