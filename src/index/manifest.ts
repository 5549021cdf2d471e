import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ChunkSettings } from '../chunk/chunkArticle.ts';
import type { Article } from '../corpus/types.ts';
import { IndexFormatError, IndexMismatchError, errorMessage } from '../errors.ts';
import { fileDigest } from './generations.ts';
import { lexicalManifestSchema } from './lexical/lexicalIndex.ts';

/** Bumped whenever the layout of an index folder changes; an index of another version is refused on load. */
export const INDEX_FORMAT_VERSION = 2;

/** The files of one generation besides its chunk segments. */
export const indexFiles = {
  manifest: 'manifest.json',
  vectors: 'vectors.hnsw',
  locations: 'locations.bin',
} as const;

const REBUILD = 'run `npm run index -- --full` to rebuild it from the corpus';

const articleEntrySchema = z.object({
  id: z.string(),
  file: z.string(),
  title: z.string(),
  source: z.string().optional(),
  url: z.string().optional(),
  published: z.string().optional(),
  language: z.string(),
  contentHash: z.string(),
  /** Labels of the article's chunks, in reading order. */
  labels: z.array(z.number().int().nonnegative()),
  /** False when the article was indexed while the model was unavailable: the next reindex embeds it. */
  embedded: z.boolean(),
  indexedAt: z.string(),
});

const modelStampSchema = z.object({ id: z.string(), dimension: z.number().int().positive(), queryPrefix: z.string(), passagePrefix: z.string() });
const chunkerSchema = z.object({ maxTokens: z.number().int(), overlapSentences: z.number().int() });

export const manifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  createdAt: z.string(),
  model: modelStampSchema.nullable(),
  chunker: chunkerSchema,
  hnsw: z.object({ m: z.number().int(), efConstruction: z.number().int() }),
  nextLabel: z.number().int().nonnegative(),
  /** The chunk store's segment files, in order. */
  segments: z.array(z.string()),
  lexical: lexicalManifestSchema,
  articles: z.array(articleEntrySchema),
  /** Size and sha256 of every other file of the index, so a truncated or damaged file is caught on load. */
  files: z.record(z.string(), z.object({ bytes: z.number().int().nonnegative(), sha256: z.string() })),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ArticleEntry = z.infer<typeof articleEntrySchema>;
export type ModelStamp = z.infer<typeof modelStampSchema>;
export type ChunkerStamp = z.infer<typeof chunkerSchema>;

/** Chunks that have a vector in the HNSW index. */
export function embeddedChunkCount(manifest: Pick<Manifest, 'articles'>): number {
  return manifest.articles.reduce((count, article) => count + (article.embedded ? article.labels.length : 0), 0);
}

/** Refuses to mix vectors of two models: the index must be rebuilt, or the setting put back. */
export function assertSameModel(folder: string, stamp: ModelStamp | null, model: { id: string; dimension: number } | undefined): void {
  if (!model || !stamp || (stamp.id === model.id && stamp.dimension === model.dimension)) return;
  throw new IndexMismatchError(
    `The index in ${folder} was built with the model ${stamp.id} (${stamp.dimension} dimensions), ` +
      `but EMBEDDING_MODEL is ${model.id} (${model.dimension} dimensions); vectors of two models cannot be mixed. ` +
      `Run \`npm run index -- --full\` to rebuild the index with the new model, or set EMBEDDING_MODEL back.`,
  );
}

/** Refuses to update an index chunked with other settings: its chunks would not match new ones. */
export function assertSameChunker(folder: string, stamp: ChunkerStamp, chunker: ChunkerStamp): void {
  if (stamp.maxTokens === chunker.maxTokens && stamp.overlapSentences === chunker.overlapSentences) return;
  throw new IndexMismatchError(
    `The index in ${folder} was chunked with CHUNK_MAX_TOKENS=${stamp.maxTokens} and CHUNK_OVERLAP_SENTENCES=${stamp.overlapSentences}; ` +
      `the settings now say ${chunker.maxTokens} and ${chunker.overlapSentences}. Run \`npm run index -- --full\` to rebuild with the new settings.`,
  );
}

export async function readManifest(folder: string): Promise<Manifest> {
  const file = path.join(folder, indexFiles.manifest);
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new IndexFormatError(`The index manifest ${file} is missing or damaged (${errorMessage(error)}): ${REBUILD}.`, { cause: error });
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== INDEX_FORMAT_VERSION) {
    throw new IndexFormatError(
      `The index in ${folder} has format version ${String(version)}, and this version of the bot reads version ${INDEX_FORMAT_VERSION}: ${REBUILD}.`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new IndexFormatError(`The index manifest ${file} is damaged (${parsed.error.issues[0]?.message ?? 'invalid'}): ${REBUILD}.`);
  }
  return parsed.data;
}

/**
 * Checks every file of a generation against its manifest: its size always (a truncated file is
 * caught before it is read), its sha256 when `checksums` is set. Opening for questions checks
 * sizes only, since a published generation was checksummed as it was written and hashing every
 * file would make opening a large library slow (the lexical segments check their own term
 * dictionaries); a reindex checks everything before it builds on a generation.
 */
export async function verifyFiles(folder: string, manifest: Manifest, options: { checksums: boolean }): Promise<void> {
  for (const [name, expected] of Object.entries(manifest.files)) {
    const file = path.join(folder, name);
    let actual: { bytes: number; sha256?: string };
    try {
      actual = options.checksums ? await fileDigest(file) : { bytes: (await fs.stat(file)).size };
    } catch (error) {
      throw new IndexFormatError(`The index file ${file} is missing (${errorMessage(error)}): ${REBUILD}.`, { cause: error });
    }
    if (actual.bytes !== expected.bytes) {
      throw new IndexFormatError(`The index file ${file} is truncated or damaged (${actual.bytes} bytes, expected ${expected.bytes}): ${REBUILD}.`);
    }
    if (actual.sha256 !== undefined && actual.sha256 !== expected.sha256) {
      throw new IndexFormatError(`The index file ${file} is damaged (its checksum does not match the manifest): ${REBUILD}.`);
    }
  }
}

/** Refuses a lexical index whose terms were made by another analysis (a stemmer changed by an upgrade): it is rebuilt. */
export function assertSameAnalysis(folder: string, manifest: Manifest, analysis: string): void {
  if (manifest.lexical.analysis === analysis) return;
  throw new IndexFormatError(
    `The lexical index in ${folder} was built with the text analysis "${manifest.lexical.analysis}", and this version analyses text as "${analysis}": ${REBUILD}.`,
  );
}

/** An index format error for a generation that cannot be read, naming the fix. */
export function unreadableIndex(folder: string, error: unknown): IndexFormatError {
  return new IndexFormatError(`The index in ${folder} cannot be read (${errorMessage(error)}): ${REBUILD}.`, { cause: error });
}

/** The manifest's record of an indexed article. */
export function articleEntry(article: Article, labels: number[], embedded: boolean, now: Date): ArticleEntry {
  return {
    id: article.id,
    file: article.file,
    title: article.meta.title,
    ...(article.meta.source && { source: article.meta.source }),
    ...(article.meta.url && { url: article.meta.url }),
    ...(article.meta.published && { published: article.meta.published }),
    language: article.meta.language,
    contentHash: article.contentHash,
    labels,
    embedded,
    indexedAt: now.toISOString(),
  };
}

export function chunkerStamp(chunk: ChunkSettings): ChunkerStamp {
  return { maxTokens: chunk.maxTokens, overlapSentences: chunk.overlapSentences };
}
