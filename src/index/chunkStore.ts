import { readSync } from 'node:fs';
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
/** Chunks at most this far apart in a segment are read with one read (skipping the gap costs less than a system call). */
const MAX_READ_GAP = 16 * 1024;
const MAX_READ_SPAN = 1024 * 1024;

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
    sentenceVectors: decodeVectors(record.sv),
  };
}

/** Base64 sentence vectors decoded into one allocation, each vector a view of it (a buffer and a copy per vector cost twice as much). */
function decodeVectors(values: Array<string | null>): Array<Int8Array | null> {
  let total = 0;
  for (const value of values) if (value !== null) total += Buffer.byteLength(value, 'base64');
  const bytes = new Int8Array(total);
  const writer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  return values.map((value) => {
    if (value === null) return null;
    const length = writer.write(value, offset, 'base64');
    const vector = bytes.subarray(offset, offset + length);
    offset += length;
    return vector;
  });
}

/** Bytes gathered before one write: a write per chunk costs a trip to the thread pool each (seconds at 100k chunks). */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Where each chunk is: for every label, the segment file it is in, its byte offset and its length
 * (a length of 0: no chunk has that label). 24 bytes a label, kept in memory; `locations.bin` on disk.
 */
export class ChunkLocations {
  private constructor(private table: Float64Array) {}

  static empty(): ChunkLocations {
    return new ChunkLocations(new Float64Array(0));
  }

  static fromBytes(bytes: Uint8Array): ChunkLocations {
    if (bytes.byteLength % (SLOT * 8) !== 0) throw new RangeError(`a locations table is a multiple of ${SLOT * 8} bytes, not ${bytes.byteLength}`);
    return new ChunkLocations(new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
  }

  /** Labels the table has room for. */
  get capacity(): number {
    return this.table.length / SLOT;
  }

  has(label: number): boolean {
    return (this.table[label * SLOT + 2] ?? 0) > 0;
  }

  /** [segment, offset, length] of a chunk that is there. */
  get(label: number): [segment: number, offset: number, length: number] {
    const slot = label * SLOT;
    return [this.table[slot]!, this.table[slot + 1]!, this.table[slot + 2]!];
  }

  set(label: number, segment: number, offset: number, length: number): void {
    this.ensureCapacity(label + 1);
    this.table.set([segment, offset, length], label * SLOT);
  }

  clear(label: number): void {
    this.table.fill(0, label * SLOT, label * SLOT + SLOT);
  }

  ensureCapacity(labels: number): void {
    if (this.table.length >= labels * SLOT) return;
    const grown = new Float64Array(Math.max(labels, this.capacity * 2) * SLOT);
    grown.set(this.table);
    this.table = grown;
  }

  /** The segments that still hold a chunk. */
  segmentsInUse(): Set<number> {
    const used = new Set<number>();
    for (let label = 0; label < this.capacity; label += 1) if (this.has(label)) used.add(this.table[label * SLOT]!);
    return used;
  }

  /** Points every chunk at its segment's new number (segments left out of a generation are renumbered). */
  renumberSegments(renumber: Map<number, number>): void {
    for (let label = 0; label < this.capacity; label += 1) {
      if (this.has(label)) this.table[label * SLOT] = renumber.get(this.table[label * SLOT]!)!;
    }
  }

  /** The table for labels [0, labels), as `locations.bin` holds it. */
  toBytes(labels: number): Uint8Array {
    this.ensureCapacity(labels);
    return new Uint8Array(this.table.buffer, 0, labels * SLOT * 8);
  }
}

/** Appends chunks to one new segment file, recording in `locations` where each one is. */
export class SegmentWriter {
  private offset = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  private constructor(
    private readonly handle: fs.FileHandle,
    private readonly segmentIndex: number,
    private readonly locations: ChunkLocations,
  ) {}

  static async create(file: string, segmentIndex: number, locations: ChunkLocations): Promise<SegmentWriter> {
    return new SegmentWriter(await fs.open(file, 'w'), segmentIndex, locations);
  }

  async append(chunks: Iterable<StoredChunk>): Promise<void> {
    for (const chunk of chunks) {
      const bytes = Buffer.from(encode(chunk), 'utf8');
      this.pending.push(bytes);
      this.pendingBytes += bytes.length;
      this.locations.set(chunk.label, this.segmentIndex, this.offset, bytes.length);
      this.offset += bytes.length;
      if (this.pendingBytes >= WRITE_BUFFER_BYTES) await this.flush();
    }
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.offset;
  }

  /** Flushes, syncs and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    await this.handle.write(Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }
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
    private readonly locations: ChunkLocations,
  ) {}

  static async open(dir: string, segments: string[], locations: ChunkLocations): Promise<ChunkStore> {
    const handles = await Promise.all(segments.map((segment) => fs.open(path.join(dir, segment), 'r')));
    return new ChunkStore(dir, segments, handles, locations);
  }

  has(label: number): boolean {
    return this.locations.has(label);
  }

  /**
   * Reads with synchronous positioned reads, sorted by place in the file, and one read for chunks
   * that lie close together (neighbouring chunks of an article often come back together): a
   * question reads ~40 chunks of a few kilobytes, almost always from the page cache, where a read
   * takes a few microseconds; 40 asynchronous reads cost about a millisecond of thread-pool round
   * trips (several on a busy machine), more than the rest of the lookup. The cost is that a read
   * from a cold disk blocks the event loop for its duration.
   */
  async get(labels: number[]): Promise<StoredChunk[]> {
    const wanted = labels.map((label, index) => {
      if (!this.has(label)) throw new RangeError(`No chunk with label ${label} in the index`);
      const [segment, offset, length] = this.locations.get(label);
      return { label, index, segment, offset, length };
    });
    wanted.sort((a, b) => a.segment - b.segment || a.offset - b.offset);
    const chunks: StoredChunk[] = new Array(labels.length);
    for (let first = 0; first < wanted.length; ) {
      const { segment, offset: start } = wanted[first]!;
      let end = start + wanted[first]!.length;
      let last = first + 1;
      while (last < wanted.length) {
        const next = wanted[last]!;
        if (next.segment !== segment || next.offset - end > MAX_READ_GAP || next.offset + next.length - start > MAX_READ_SPAN) break;
        end = Math.max(end, next.offset + next.length);
        last += 1;
      }
      const buffer = Buffer.allocUnsafe(end - start);
      const bytesRead = readSync(this.handles[segment]!.fd, buffer, 0, end - start, start);
      for (const { label, index, offset, length } of wanted.slice(first, last)) {
        try {
          const from = offset - start;
          if (from + length > bytesRead) throw new Error(`read ${Math.max(0, bytesRead - from)} of ${length} bytes`);
          chunks[index] = decode(buffer.toString('utf8', from, from + length), label);
        } catch (error) {
          const file = path.join(this.dir, this.segments[segment]!);
          throw new IndexFormatError(`The index file ${file} is damaged (chunk ${label}): run \`npm run index -- --full\` to rebuild it.`, {
            cause: error,
          });
        }
      }
      first = last;
    }
    return chunks;
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.map((handle) => handle.close()));
  }
}
