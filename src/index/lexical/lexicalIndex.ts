// The lexical index of one generation: immutable segment files (segmentFile.ts), each with an
// optional bitmap of the docs deleted since it was written.
//
//   gen-…/lexical-<generation>-0.seg          a segment, written by the generation named in it
//   gen-…/lexical-<generation>-0.<later>.del  its deleted docs, as of the later generation
//
// A reindex writes a segment for the chunks it adds, a new bitmap for each segment that lost
// chunks, and merges segments when the merge policy asks; every other file is hard-linked from the
// previous generation. Nothing of a published generation is ever written again.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { FIELD_WEIGHTS, type LexicalDoc, type LexicalHit } from './bm25.ts';
import { Searcher } from './searcher.ts';
import { SegmentBuilder, inMemorySegment, isDeleted, mergeSegments, type Deletions, type MergeInput } from './segmentBuilder.ts';
import { SegmentFile, encodeSegment, type SegmentData } from './segmentFile.ts';

export const lexicalSegmentSchema = z.object({
  name: z.string(),
  docs: z.number().int().nonnegative(),
  /** Docs deleted since the segment was written, and the bitmap file that marks them (none when nothing is). */
  deleted: z.number().int().nonnegative(),
  deletions: z.string().nullable(),
});

export const lexicalManifestSchema = z.object({
  /** The analysis (stemmer id) the terms were made with: terms of two analyses never match. */
  analysis: z.string(),
  segments: z.array(lexicalSegmentSchema),
});

export type LexicalSegmentEntry = z.infer<typeof lexicalSegmentSchema>;
export type LexicalManifest = z.infer<typeof lexicalManifestSchema>;

export interface LexicalSearch {
  hits: LexicalHit[];
  /** Inverse document frequency of each question term the index holds. */
  termWeights: Map<string, number>;
  /** Live chunks in the index: the N of the inverse document frequency. */
  documentCount: number;
}

/**
 * When segments are merged (Lucene's log merge policy): `factor` adjacent segments of one size tier
 * become one of the next, the smallest tier holding up to `floor` docs; a segment is rewritten alone
 * once `expungeShare` of its docs are deleted. Segments stay few (a search visits each) and a chunk
 * is rewritten about log_factor(N / floor) times over its life.
 */
export const MERGE_POLICY = { factor: 10, floor: 64, expungeShare: 0.3 } as const;

function tier(docs: number): number {
  return Math.max(0, Math.floor(Math.log(Math.max(docs, 1) / MERGE_POLICY.floor) / Math.log(MERGE_POLICY.factor)));
}

async function readDeletions(folder: string, entry: LexicalSegmentEntry): Promise<Deletions> {
  if (!entry.deletions) return undefined;
  const bytes = await fs.readFile(path.join(folder, entry.deletions));
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

interface OpenSegment {
  entry: LexicalSegmentEntry;
  segment: SegmentFile;
  deletions: Deletions;
}

async function openSegments(folder: string, entries: readonly LexicalSegmentEntry[]): Promise<OpenSegment[]> {
  const opened: OpenSegment[] = [];
  try {
    for (const entry of entries) {
      const deletions = await readDeletions(folder, entry);
      opened.push({ entry, segment: SegmentFile.open(path.join(folder, entry.name)), deletions });
    }
    return opened;
  } catch (error) {
    for (const { segment } of opened) segment.close();
    throw error;
  }
}

/** A generation's lexical index, open for search: exact top-k BM25F (bm25.ts) with spelling variants. */
export class LexicalIndex {
  private constructor(
    private readonly segments: OpenSegment[],
    private readonly searcher: Searcher,
  ) {}

  /** Opens the segments a generation's manifest lists; their term dictionaries are checked (CRC-32) as they are read. */
  static async open(folder: string, manifest: LexicalManifest): Promise<LexicalIndex> {
    const segments = await openSegments(folder, manifest.segments);
    return new LexicalIndex(segments, new Searcher(segments, FIELD_WEIGHTS));
  }

  get size(): number {
    return this.searcher.total;
  }

  search(terms: readonly string[], k: number): LexicalSearch {
    if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
    const { hits, termWeights } = this.searcher.searchWithVariants(terms, k);
    return { hits, termWeights, documentCount: this.searcher.total };
  }

  close(): void {
    for (const { segment } of this.segments) segment.close();
  }
}

/** Where the next generation's lexical files go (the GenerationWriter). */
export interface LexicalFileSink {
  readonly generation: string;
  carryFile(fromFolder: string, name: string): Promise<void>;
  writeFile(name: string, data: Uint8Array): Promise<void>;
}

interface NextSegment {
  entry: LexicalSegmentEntry;
  /** A segment of the previous generation, kept (with its deletions, changed or not)… */
  kept?: OpenSegment & { changed: boolean };
  /** …or one this update made, not written yet. */
  data?: SegmentData;
}

/**
 * The previous generation's lexical index changed into the next one's: chunks removed (their
 * segments' bitmaps), chunks added (one new segment), merges by MERGE_POLICY, then written.
 */
export class LexicalUpdate {
  private readonly builder = new SegmentBuilder();
  private lastLabel: number;

  private constructor(
    private readonly analysis: string,
    private readonly previousFolder: string | undefined,
    private readonly previous: Array<OpenSegment & { changed: boolean }>,
  ) {
    this.lastLabel = Math.max(-1, ...previous.map(({ segment }) => segment.labels[segment.docCount - 1] ?? -1));
  }

  /** An update of the generation in `folder` (its manifest's lexical part), or of nothing. */
  static async start(analysis: string, previous?: { folder: string; manifest: LexicalManifest }): Promise<LexicalUpdate> {
    const segments = previous ? await openSegments(previous.folder, previous.manifest.segments) : [];
    return new LexicalUpdate(
      analysis,
      previous?.folder,
      segments.map((segment) => ({ ...segment, entry: { ...segment.entry }, changed: false })),
    );
  }

  /** Marks the chunks of these labels deleted; labels the index does not hold are ignored. */
  remove(labels: Iterable<number>): void {
    for (const label of labels) {
      for (const part of this.previous) {
        const doc = localDoc(part.segment.labels, label);
        if (doc < 0 || isDeleted(part.deletions, doc)) continue;
        if (!part.changed) {
          part.deletions = part.deletions ? part.deletions.slice() : new Uint8Array(Math.ceil(part.segment.docCount / 8));
          part.changed = true;
        }
        part.deletions![doc >>> 3]! |= 1 << (doc & 7);
        part.entry.deleted += 1;
        break;
      }
    }
  }

  /** Docs in ascending label order, above every label the index has held. */
  add(docs: Iterable<LexicalDoc>): void {
    for (const doc of docs) {
      if (doc.label <= this.lastLabel) throw new RangeError(`lexical labels must ascend: ${doc.label} after ${this.lastLabel}`);
      this.builder.add(doc);
      this.lastLabel = doc.label;
    }
  }

  /** Writes the next generation's lexical files into `sink` and returns its manifest part. */
  async write(sink: LexicalFileSink): Promise<LexicalManifest> {
    let next: NextSegment[] = this.previous.map((kept) => ({ entry: kept.entry, kept }));
    const names = new SegmentNames(sink.generation);
    if (this.builder.docCount > 0) {
      const data = this.builder.build();
      next.push({ entry: { name: names.next(), docs: data.labels.length, deleted: 0, deletions: null }, data });
    }
    next = this.merge(next.filter(({ entry }) => entry.deleted < entry.docs), names);
    for (const segment of next) await this.writeSegment(segment, sink);
    return { analysis: this.analysis, segments: next.map(({ entry }) => entry) };
  }

  close(): void {
    for (const { segment } of this.previous) segment.close();
  }

  private merge(segments: NextSegment[], names: SegmentNames): NextSegment[] {
    const merged = [...segments];
    const mergeRange = (from: number, to: number) => {
      const opened: SegmentFile[] = [];
      const inputs = merged.slice(from, to).map(({ kept, data }): { segment: MergeInput; deletions: Deletions } => {
        if (data) return { segment: inMemorySegment(data), deletions: undefined };
        // Read whole for the merge: one read instead of one per term.
        const segment = SegmentFile.open(path.join(this.previousFolder!, kept!.entry.name), 'memory');
        opened.push(segment);
        return { segment, deletions: kept!.deletions };
      });
      const data = mergeSegments(inputs);
      for (const segment of opened) segment.close();
      merged.splice(from, to - from, { entry: { name: names.next(), docs: data.labels.length, deleted: 0, deletions: null }, data });
    };
    for (let i = 0; i < merged.length; i += 1) {
      const { entry } = merged[i]!;
      if (entry.deleted > 0 && entry.deleted >= MERGE_POLICY.expungeShare * entry.docs) mergeRange(i, i + 1);
    }
    for (;;) {
      const last = merged.length - 1;
      if (last < 0) break;
      const level = tier(liveDocs(merged[last]!.entry));
      let first = last;
      while (first > 0 && tier(liveDocs(merged[first - 1]!.entry)) === level) first -= 1;
      if (last - first + 1 < MERGE_POLICY.factor) break;
      mergeRange(first, last + 1);
    }
    return merged;
  }

  private async writeSegment({ entry, kept, data }: NextSegment, sink: LexicalFileSink): Promise<void> {
    if (data) {
      await sink.writeFile(entry.name, encodeSegment(data, FIELD_WEIGHTS));
      return;
    }
    await sink.carryFile(this.previousFolder!, entry.name);
    if (kept!.changed) {
      entry.deletions = `${entry.name.replace(/\.seg$/u, '')}.${sink.generation}.del`;
      await sink.writeFile(entry.deletions, kept!.deletions!);
    } else if (entry.deletions) {
      await sink.carryFile(this.previousFolder!, entry.deletions);
    }
  }
}

const liveDocs = (entry: LexicalSegmentEntry) => entry.docs - entry.deleted;

/** Names of the segments one generation writes: unique across generations, since later ones link them. */
class SegmentNames {
  private count = 0;
  constructor(private readonly generation: string) {}
  next(): string {
    return `lexical-${this.generation}-${this.count++}.seg`;
  }
}

/** The local doc of a label in a segment's ascending labels, or -1. */
function localDoc(labels: Uint32Array, label: number): number {
  if (labels.length === 0 || label < labels[0]! || label > labels[labels.length - 1]!) return -1;
  let low = 0;
  let high = labels.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (labels[mid]! < label) low = mid + 1;
    else high = mid;
  }
  return labels[low] === label ? low : -1;
}
