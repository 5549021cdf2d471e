import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { ArticleInputError } from '../errors.ts';
import { articleUrlProblem } from './articleUrl.ts';
import { articleExtensions, articleIdFromFileName, contentHash, parseArticle } from './parseArticle.ts';
import type { Article } from './types.ts';

export interface ArticleUpload {
  bytes: Uint8Array;
  /** The name it came with (an attachment's file name, or one made from a URL); only its last segment is used. */
  fileName: string;
  /** Where it was downloaded from: recorded in the saved article, and its title then names the file. */
  sourceUrl?: string;
}

export interface SaveArticleOptions {
  corpusDir: string;
  maxBytes: number;
  /** The articles already indexed: an upload with the content of one of them is not saved again. */
  indexed: ReadonlyArray<{ id: string; title: string; contentHash: string }>;
}

export type SaveArticleResult =
  | { status: 'saved'; file: string; article: Article }
  | { status: 'duplicate'; id: string; title: string };

const SLUG_MAX = 60;
const FALLBACK_SLUG = 'article';

/** A file-name stem from any text: lower-case letters of any script, digits and single hyphens. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  if (slug.length <= SLUG_MAX) return slug;
  const cut = slug.slice(0, SLUG_MAX);
  const hyphen = cut.lastIndexOf('-');
  return (hyphen > SLUG_MAX / 2 ? cut.slice(0, hyphen) : cut).replace(/-+$/u, '');
}

/** Names Windows keeps for devices whatever the extension: there "con.md" or "nul.txt" is the device, not a file. */
const WINDOWS_DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/iu;
const DEVICE_NAME_SUFFIX = '-article';

/**
 * A file-name stem that is also a plain file on Windows: without the trailing dots and spaces
 * Windows drops, and with a suffix when it would be a device name ("con" → "con-article").
 * Windows reads only the part before the first dot, so "con.tar" is the device too.
 */
export function windowsSafeStem(stem: string): string {
  const kept = stem.replace(/[. ]+$/u, '');
  const beforeFirstDot = kept.split('.')[0]!;
  const device = beforeFirstDot.replace(/ +$/u, '');
  if (!WINDOWS_DEVICE_NAME.test(device)) return kept;
  return `${device}${DEVICE_NAME_SUFFIX}${kept.slice(beforeFirstDot.length)}`;
}

/**
 * The path of a file directly inside the corpus folder. Refuses anything else (a path, "..",
 * a hidden file, a NUL byte), so a name from outside can never reach another folder.
 */
export function corpusFilePath(corpusDir: string, fileName: string): string {
  if (fileName.includes('\0') || fileName !== path.basename(fileName) || /[\\/]/u.test(fileName) || fileName.startsWith('.')) {
    throw new ArticleInputError(`"${fileName.replace(/\0/gu, '\\0')}" is not a plain file name inside the corpus folder.`);
  }
  const root = path.resolve(corpusDir);
  const file = path.resolve(root, fileName);
  if (path.dirname(file) !== root) throw new ArticleInputError(`"${fileName}" is not a plain file name inside the corpus folder.`);
  return file;
}

/** The extension and stem of an upload's name, whatever path it claims to have. */
function splitName(fileName: string): { stem: string; extension: string } {
  if (fileName.includes('\0')) throw new ArticleInputError('The file name contains a NUL character; rename the file.');
  const base = fileName.split(/[\\/]/u).at(-1)!.replace(/^[.\s]+/u, '');
  const extension = path.extname(base).toLowerCase();
  if (!(extension in articleExtensions)) {
    throw new ArticleInputError(`${base || fileName}: unsupported file type; articles are ${Object.keys(articleExtensions).join(', ')} files.`);
  }
  return { stem: base.slice(0, base.length - extension.length), extension };
}

/** An HTML page as the Markdown the corpus keeps: its main text with the metadata in front-matter. */
function htmlAsMarkdown(article: Article, sourceUrl: string | undefined): Uint8Array {
  const { title, source, url, published, language } = article.meta;
  // A download address that cannot be linked is not written, or every load would leave it out again.
  const recordedUrl = sourceUrl !== undefined && articleUrlProblem(sourceUrl) === undefined ? sourceUrl : url;
  const data = Object.fromEntries(
    Object.entries({ title, source, url: recordedUrl, published, language }).filter(([, value]) => value !== undefined),
  );
  return Buffer.from(matter.stringify(`${article.original.trim()}\n`, data), 'utf8');
}

async function writeExclusive(corpusDir: string, name: string, bytes: Uint8Array): Promise<boolean> {
  const target = corpusFilePath(corpusDir, name);
  // Written under a hidden name first (the corpus loader skips those), then linked into place:
  // link() fails when the name exists, so a file is never overwritten, and never seen half-written.
  const temporary = path.join(corpusDir, `.${randomBytes(6).toString('hex')}.upload`);
  await fs.writeFile(temporary, bytes, { flag: 'wx' });
  try {
    await fs.link(temporary, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    // File systems without hard links: an exclusive copy still never overwrites.
    try {
      await fs.copyFile(temporary, target, fs.constants.COPYFILE_EXCL);
      return true;
    } catch (copyError) {
      if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw copyError;
    }
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

async function sameContent(file: string, bytes: Uint8Array): Promise<boolean> {
  try {
    return Buffer.from(await fs.readFile(file)).equals(Buffer.from(bytes));
  } catch {
    return false;
  }
}

/**
 * Checks an uploaded or downloaded article and saves it into the corpus folder under a safe,
 * unused name: the slug of its title (downloads) or of its file name (uploads). HTML is saved as
 * its extracted text in Markdown with front-matter. An article whose content is already indexed
 * is reported as a duplicate and not saved; an existing file is never overwritten. Throws
 * ArticleInputError when the upload cannot be an article (type, size, encoding, no text).
 */
export async function saveArticle(upload: ArticleUpload, options: SaveArticleOptions): Promise<SaveArticleResult> {
  if (!(options.maxBytes > 0)) throw new RangeError('maxBytes must be > 0');
  const { stem, extension } = splitName(upload.fileName);
  const shownName = `${stem}${extension}`;
  if (upload.bytes.length > options.maxBytes) {
    throw new ArticleInputError(`${shownName}: the file is ${upload.bytes.length} bytes, over the ${options.maxBytes}-byte limit (MAX_UPLOAD_BYTES).`);
  }
  const parsed = parseArticle(upload.bytes, `${slugify(stem) || FALLBACK_SLUG}${extension}`);
  const isHtml = parsed.format === 'html';
  const bytes = isHtml ? htmlAsMarkdown(parsed, upload.sourceUrl) : upload.bytes;
  const savedExtension = isHtml ? '.md' : extension;

  const hashes = new Set([contentHash(upload.bytes), contentHash(bytes)]);
  const duplicate = options.indexed.find((article) => hashes.has(article.contentHash));
  if (duplicate) return { status: 'duplicate', id: duplicate.id, title: duplicate.title };

  const named = upload.sourceUrl ? slugify(parsed.meta.title) || slugify(stem) : slugify(stem) || slugify(parsed.meta.title);
  const slug = windowsSafeStem(named || FALLBACK_SLUG);
  await fs.mkdir(options.corpusDir, { recursive: true });
  const existing = await fs.readdir(options.corpusDir);
  const names = new Set(existing.map((name) => name.toLowerCase()));
  const ids = new Set(
    existing.flatMap((name) => {
      try {
        return name.startsWith('.') ? [] : [articleIdFromFileName(name)];
      } catch {
        return [];
      }
    }),
  );
  for (let n = 1; n <= 1000; n += 1) {
    const name = `${n === 1 ? slug : `${slug}-${n}`}${savedExtension}`;
    if (names.has(name.toLowerCase())) {
      // The same file saved before but not indexed yet (say, the reindex after it failed): keep it.
      if (await sameContent(corpusFilePath(options.corpusDir, name), bytes)) return { status: 'saved', file: name, article: parseArticle(bytes, name) };
      continue;
    }
    // Two files with one id (a.md and a.txt) would make the loader skip one of them.
    if (ids.has(articleIdFromFileName(name))) continue;
    if (await writeExclusive(options.corpusDir, name, bytes)) return { status: 'saved', file: name, article: parseArticle(bytes, name) };
  }
  throw new ArticleInputError(`No free file name is left for "${slug}" in the corpus folder; rename the file.`);
}
