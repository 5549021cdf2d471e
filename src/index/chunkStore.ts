import fs from 'node:fs/promises';
import path from 'node:path';
import type { Chunk } from '../chunk/types.ts';
import { IndexFormatError } from '../errors.ts';

/** A chunk as kept in the index, with its label in the vector index and its sentence vectors. */
export interface StoredChunk extends Chunk {
  label: number;
  /** Sentence vectors, int8-quantized (component × 127); null where a sentence has none, or all null without a model. */
  sentenceVectors: Array<Int8Array | null>;
}

interface Record {
  id: string;
  a: string;
  s: string | null;
  p: number[];
  t: string;
  ss: Array<[number, number]>;
  sp: [number, number];
  sv: Array<string | null>;
}

/** Slot of a label in `locations`: [segment index, byte offset, byte length]; length 0 means no chunk. */
const SLOT = 3;

export function quantize(vector: Float32Array): Int8Array {
  const out = new Int8Array(vector.length);
  for (let i = 0; i < vector.length; i += 1) out[i] = Math.max(-127, Math.min(127, Math.round(vector[i]! * 127)));
  return out;
}

function encode(chunk: StoredChunk): string {
  const record: Record = {
    id: chunk.id,
    a: chunk.articleId,
    s: chunk.section ?? null,
    p: chunk.paragraphs,
    t: chunk.text,
    ss: chunk.sentences.map((sentence) => [sentence.start, sentence.end]),
    sp: [chunk.span.start, chunk.span.end],
    sv: chunk.sentenceVectors.map((vector) => (vector ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : null)),
  };
  return `${JSON.stringify(record)}\n`;
}

function decode(line: string, label: number): StoredChunk {
  const record = JSON.parse(line) as Record;
  return {
    label,
    id: record.id,
    articleId: record.a,
    section: record.s ?? undefined,
    paragraphs: record.p,
    text: record.t,
    sentences: record.ss.map(([start, end]) => ({ start, end })),
    span: { start: record.sp[0], end: record.sp[1] },
    sentenceVectors: record.sv.map((value) => (value === null ? null : new Int8Array(Buffer.from(value, 'base64')))),
  };
}

/** Appends chunks to a new segment file and records where each one is in `locations`. */
export async function writeSegment(file: string, segmentIndex: number, chunks: StoredChunk[], locations: Float64Array): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    let offset = 0;
    for (const chunk of chunks) {
      const bytes = Buffer.from(encode(chunk), 'utf8');
      await handle.write(bytes);
      locations.set([segmentIndex, offset, bytes.length], chunk.label * SLOT);
      offset += bytes.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function emptyLocations(labels: number): Float64Array {
  return new Float64Array(labels * SLOT);
}

export function growLocations(locations: Float64Array, labels: number): Float64Array {
  if (locations.length >= labels * SLOT) return locations;
  const grown = new Float64Array(labels * SLOT);
  grown.set(locations);
  return grown;
}

export function clearLocation(locations: Float64Array, label: number): void {
  locations.fill(0, label * SLOT, label * SLOT + SLOT);
}

/**
 * Chunk texts and citations, read from disk on demand: only a table of 24 bytes per chunk stays
 * in memory, so a million chunks load as fast as their table can be read.
 */
export class ChunkStore {
  private constructor(
    private readonly dir: string,
    private readonly segments: string[],
    private readonly handles: fs.FileHandle[],
    readonly locations: Float64Array,
  ) {}

  static async open(dir: string, segments: string[], locations: Float64Array): Promise<ChunkStore> {
    const handles = await Promise.all(segments.map((segment) => fs.open(path.join(dir, segment), 'r')));
    return new ChunkStore(dir, segments, handles, locations);
  }

  has(label: number): boolean {
    return (this.locations[label * SLOT + 2] ?? 0) > 0;
  }

  async get(labels: number[]): Promise<StoredChunk[]> {
    return Promise.all(
      labels.map(async (label) => {
        if (!this.has(label)) throw new RangeError(`No chunk with label ${label} in the index`);
        const segment = this.locations[label * SLOT]!;
        const offset = this.locations[label * SLOT + 1]!;
        const length = this.locations[label * SLOT + 2]!;
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await this.handles[segment]!.read(buffer, 0, length, offset);
        try {
          if (bytesRead !== length) throw new Error(`read ${bytesRead} of ${length} bytes`);
          return decode(buffer.toString('utf8'), label);
        } catch (error) {
          const file = path.join(this.dir, this.segments[segment]!);
          throw new IndexFormatError(`The index file ${file} is damaged (chunk ${label}): run \`npm run index -- --full\` to rebuild it.`, {
            cause: error,
          });
        }
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.map((handle) => handle.close()));
  }
}
