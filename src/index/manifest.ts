import { z } from 'zod';

/** Bumped whenever the layout of an index folder changes; an index of another version is refused on load. */
export const INDEX_FORMAT_VERSION = 1;

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

export const manifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  createdAt: z.string(),
  model: z
    .object({ id: z.string(), dimension: z.number().int().positive(), queryPrefix: z.string(), passagePrefix: z.string() })
    .nullable(),
  chunker: z.object({ maxTokens: z.number().int(), overlapSentences: z.number().int() }),
  hnsw: z.object({ m: z.number().int(), efConstruction: z.number().int() }),
  nextLabel: z.number().int().nonnegative(),
  segments: z.array(z.string()),
  articles: z.array(articleEntrySchema),
  /** Size and sha256 of every other file of the index, so a truncated or damaged file is caught on load. */
  files: z.record(z.string(), z.object({ bytes: z.number().int().nonnegative(), sha256: z.string() })),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ArticleEntry = z.infer<typeof articleEntrySchema>;
export type ModelStamp = NonNullable<Manifest['model']>;
