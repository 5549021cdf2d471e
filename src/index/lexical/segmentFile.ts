// One immutable segment of the lexical index, as one file. Nothing in it is parsed: every
// structure is a typed array read straight from the file.
//
//   header (512 bytes)   magic "LEXSEG01", counts, build weights and average field lengths,
//                        the section table, CRC-32 of the meta sections and of the postings
//   meta sections        read whole at open (8-byte aligned):
//     labels       u32 × docs           the product's chunk label of each local doc (ascending)
//     lengths      u16 × docs × 3       title, section, body token counts
//     termBlob     UTF-8 terms, sorted by bytes, concatenated
//     termOffsets  u32 × (terms + 1)    where each term starts in termBlob
//     termDf       u32 × terms          postings of the term (deleted docs included)
//     termAt       u32 × terms          where the term's postings start, in 4-byte words
//     termMax      f32 × terms          max over its postings of x(k1+1)/(x+k1) at the build
//                                       weights and averages, rounded up (no IDF)
//     gramBlob     UTF-8 trigrams of the terms (boundary-marked, text/ngrams.ts), sorted by bytes
//     gramOffsets  u32 × (grams + 1)
//     gramAt       u32 × (grams + 1)    gram g's terms are gramTerms[gramAt[g]..gramAt[g+1]]
//     gramTerms    u32 × …              term indices, ascending
//   postings             read whole (mode 'memory') or per term on demand (mode 'pread');
//                        per term, 4-byte aligned:
//     docs         u32 × df             local doc ids, ascending
//     blockMax     f32 × ceil(df/128)   like termMax, over each block of 128 postings
//     tfs          u16 × df             body tf (bits 0–7), title tf (8–11), section tf (12–15)
import fs from 'node:fs';
import zlib from 'node:zlib';
import { distinctNgrams } from '../../text/ngrams.ts';
import { B, K1, fieldNorm, saturate, type FieldWeights } from './bm25.ts';

export const MAGIC = 'LEXSEG01';
export const HEADER_BYTES = 512;
export const BLOCK = 128;
const SECTIONS = ['labels', 'lengths', 'termBlob', 'termOffsets', 'termDf', 'termAt', 'termMax', 'gramBlob', 'gramOffsets', 'gramAt', 'gramTerms'] as const;
// Header layout: section table at 96 (16 bytes each, room for 16), then these.
const AT_META_END = 400;
const AT_POSTING_BYTES = 408;
const AT_CRC_META = 416;
const AT_CRC_POSTINGS = 420;
const AT_CRC_HEADER = 424;

/** A segment as the builder and the merger produce it, before it is written. */
export interface SegmentData {
  labels: Uint32Array;
  /** Title, section, body token counts per doc. */
  lengths: [Uint16Array, Uint16Array, Uint16Array];
  /** Sorted by bytes (Buffer.compare). */
  terms: Buffer[];
  /** postingStart[t]..postingStart[t+1] are term t's postings in docs/tfs. */
  postingStart: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
}

export function packTf(title: number, section: number, body: number): number {
  return Math.min(body, 255) | (Math.min(title, 15) << 8) | (Math.min(section, 15) << 12);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The smallest float32 >= value (value >= 0): a bound that stays a bound once stored. */
export function float32Up(value: number): number {
  f32[0] = value;
  if (f32[0]! < value) u32[0]! += 1;
  return f32[0]!;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * The BM25F saturation of one posting, without IDF. Field order in the sum is body, title,
 * section, the same as the reference, so scores agree to the last bit.
 */
export function postingImpact(tf: number, doc: number, weights: FieldWeights, norms: [Float64Array, Float64Array, Float64Array]): number {
  let x = weights[2] * (tf & 0xff) * norms[2][doc]!;
  const title = (tf >>> 8) & 0xf;
  if (title !== 0) x += weights[0] * title * norms[0][doc]!;
  const section = tf >>> 12;
  if (section !== 0) x += weights[1] * section * norms[1][doc]!;
  return saturate(x);
}

type SectionName = (typeof SECTIONS)[number];
type FieldNorms = [Float64Array, Float64Array, Float64Array];

/** Each field's average length over the segment's documents, and each document's BM25 length norm per field. */
function fieldNormsOf(data: SegmentData): { averages: [number, number, number]; norms: FieldNorms } {
  const docCount = data.labels.length;
  const averages = data.lengths.map((lengths) => {
    let sum = 0;
    for (let i = 0; i < lengths.length; i += 1) sum += lengths[i]!;
    return docCount > 0 ? sum / docCount : 0;
  }) as [number, number, number];
  const norms = data.lengths.map((lengths, f) => Float64Array.from(lengths, (length) => fieldNorm(length, averages[f]!))) as FieldNorms;
  return { averages, norms };
}

interface EncodedPostings {
  termDf: Uint32Array;
  termAt: Uint32Array;
  termMax: Float32Array;
  bytes: Buffer;
}

/** Every term's postings (documents, block maxima, term frequencies) in one buffer, sized first. */
function encodePostings(data: SegmentData, weights: FieldWeights, norms: FieldNorms): EncodedPostings {
  const termCount = data.terms.length;
  const termDf = new Uint32Array(termCount);
  const termAt = new Uint32Array(termCount);
  const termMax = new Float32Array(termCount);
  let words = 0;
  for (let t = 0; t < termCount; t += 1) {
    const df = data.postingStart[t + 1]! - data.postingStart[t]!;
    termDf[t] = df;
    termAt[t] = words;
    words += df + Math.ceil(df / BLOCK) + Math.ceil(df / 2);
  }
  const postings = new ArrayBuffer(words * 4);
  for (let t = 0; t < termCount; t += 1) {
    const start = data.postingStart[t]!;
    const df = termDf[t]!;
    const blocks = Math.ceil(df / BLOCK);
    const docs = new Uint32Array(postings, termAt[t]! * 4, df);
    const blockMax = new Float32Array(postings, (termAt[t]! + df) * 4, blocks);
    const tfs = new Uint16Array(postings, (termAt[t]! + df + blocks) * 4, df);
    docs.set(data.docs.subarray(start, start + df));
    tfs.set(data.tfs.subarray(start, start + df));
    let max = 0;
    for (let block = 0; block < blocks; block += 1) {
      let blockBest = 0;
      for (let p = block * BLOCK; p < Math.min(df, (block + 1) * BLOCK); p += 1) {
        const impact = postingImpact(tfs[p]!, docs[p]!, weights, norms);
        if (impact > blockBest) blockBest = impact;
      }
      blockMax[block] = float32Up(blockBest);
      if (blockBest > max) max = blockBest;
    }
    termMax[t] = float32Up(max);
  }
  return { termDf, termAt, termMax, bytes: Buffer.from(postings) };
}

/** The meta sections (labels, lengths, vocabulary, term statistics, trigram table), each 8-byte aligned after the header. */
function encodeMeta(data: SegmentData, postings: EncodedPostings): { meta: Buffer; offsets: Record<SectionName, number>; sizes: Record<SectionName, number> } {
  const docCount = data.labels.length;
  const termCount = data.terms.length;
  const grams = gramTable(data.terms);
  const termOffsets = new Uint32Array(termCount + 1);
  let blobAt = 0;
  data.terms.forEach((term, t) => {
    termOffsets[t] = blobAt;
    blobAt += term.length;
  });
  termOffsets[termCount] = blobAt;
  const lengths = Buffer.concat(data.lengths.map((field) => Buffer.from(field.buffer, field.byteOffset, docCount * 2)));
  const contents: Record<SectionName, Buffer> = {
    labels: Buffer.from(data.labels.buffer, data.labels.byteOffset, docCount * 4),
    lengths,
    termBlob: Buffer.concat(data.terms),
    termOffsets: Buffer.from(termOffsets.buffer),
    termDf: Buffer.from(postings.termDf.buffer),
    termAt: Buffer.from(postings.termAt.buffer),
    termMax: Buffer.from(postings.termMax.buffer),
    gramBlob: grams.blob,
    gramOffsets: Buffer.from(grams.offsets.buffer, grams.offsets.byteOffset, grams.offsets.byteLength),
    gramAt: Buffer.from(grams.at.buffer, grams.at.byteOffset, grams.at.byteLength),
    gramTerms: Buffer.from(grams.terms.buffer, grams.terms.byteOffset, grams.terms.byteLength),
  };
  const offsets = {} as Record<SectionName, number>;
  const sizes = {} as Record<SectionName, number>;
  let at = HEADER_BYTES;
  for (const name of SECTIONS) {
    offsets[name] = at;
    sizes[name] = contents[name].length;
    at = align(at + sizes[name], 8);
  }
  const meta = Buffer.alloc(at - HEADER_BYTES);
  for (const name of SECTIONS) contents[name].copy(meta, offsets[name] - HEADER_BYTES);
  return { meta, offsets, sizes };
}

/** A segment file: header (format, counts, BM25 parameters, field weights and averages, section table, CRC32s), meta sections, postings. */
export function encodeSegment(data: SegmentData, weights: FieldWeights): Buffer {
  const { averages, norms } = fieldNormsOf(data);
  const postings = encodePostings(data, weights, norms);
  const { meta, offsets, sizes } = encodeMeta(data, postings);
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(1, 8);
  header.writeUInt32LE(data.labels.length, 12);
  header.writeUInt32LE(data.terms.length, 16);
  header.writeUInt32LE(BLOCK, 20);
  header.writeDoubleLE(K1, 24);
  header.writeDoubleLE(B, 32);
  weights.forEach((w, f) => header.writeDoubleLE(w, 40 + f * 8));
  averages.forEach((a, f) => header.writeDoubleLE(a, 64 + f * 8));
  header.writeDoubleLE(data.docs.length, 88);
  SECTIONS.forEach((name, s) => {
    header.writeDoubleLE(offsets[name], 96 + s * 16);
    header.writeDoubleLE(sizes[name], 104 + s * 16);
  });
  header.writeDoubleLE(HEADER_BYTES + meta.length, AT_META_END);
  header.writeDoubleLE(postings.bytes.length, AT_POSTING_BYTES);
  header.writeUInt32LE(zlib.crc32(meta), AT_CRC_META);
  header.writeUInt32LE(zlib.crc32(postings.bytes), AT_CRC_POSTINGS);
  header.writeUInt32LE(zlib.crc32(header.subarray(0, AT_CRC_HEADER)), AT_CRC_HEADER);
  return Buffer.concat([header, meta, postings.bytes]);
}

/** Binary search of a byte string in a sorted blob with offsets; its index or -1. */
function findSorted(blob: Buffer, offsets: Uint32Array, key: Buffer): number {
  let low = 0;
  let high = offsets.length - 2;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const order = blob.compare(key, 0, key.length, offsets[mid]!, offsets[mid + 1]!);
    if (order === 0) return mid;
    if (order < 0) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** The trigram index over a segment's (sorted) terms. */
function gramTable(terms: Buffer[]): { blob: Buffer; offsets: Uint32Array; at: Uint32Array; terms: Uint32Array } {
  const byGram = new Map<string, number[]>();
  terms.forEach((bytes, t) => {
    for (const gram of distinctNgrams(bytes.toString('utf8'))) {
      let list = byGram.get(gram);
      if (!list) byGram.set(gram, (list = []));
      list.push(t);
    }
  });
  const keys = [...byGram.keys()].map((g) => Buffer.from(g, 'utf8')).sort(Buffer.compare);
  const offsets = new Uint32Array(keys.length + 1);
  const at = new Uint32Array(keys.length + 1);
  let bytes = 0;
  let count = 0;
  keys.forEach((key, g) => {
    offsets[g] = bytes;
    at[g] = count;
    bytes += key.length;
    count += byGram.get(key.toString('utf8'))!.length;
  });
  offsets[keys.length] = bytes;
  at[keys.length] = count;
  const list = new Uint32Array(count);
  keys.forEach((key, g) => list.set(byGram.get(key.toString('utf8'))!, at[g]!));
  return { blob: Buffer.concat(keys), offsets, at, terms: list };
}

export type PostingsMode = 'memory' | 'pread';

/** A term's postings, as views (valid until the next read into the same slot in pread mode). */
export interface PostingList {
  docs: Uint32Array;
  blockMax: Float32Array;
  tfs: Uint16Array;
}

function readExactly(fd: number, target: Uint8Array, position: number): void {
  let done = 0;
  while (done < target.length) {
    const n = fs.readSync(fd, target, done, target.length - done, position + done);
    if (n === 0) throw new Error('segment file is truncated');
    done += n;
  }
}

export class SegmentFile {
  readonly docCount: number;
  readonly termCount: number;
  readonly labels: Uint32Array;
  readonly lengths: [Uint16Array, Uint16Array, Uint16Array];
  readonly buildWeights: FieldWeights;
  readonly buildAverages: [number, number, number];
  readonly bytes: number;
  readonly #fd: number;
  readonly #blob: Buffer;
  readonly #termOffsets: Uint32Array;
  readonly termDf: Uint32Array;
  readonly #termAt: Uint32Array;
  readonly termMax: Float32Array;
  readonly #gramBlob: Buffer;
  readonly #gramOffsets: Uint32Array;
  readonly #gramAt: Uint32Array;
  readonly #gramTerms: Uint32Array;
  readonly #postingsAt: number;
  readonly #postings: ArrayBuffer | undefined;
  readonly #slots: ArrayBuffer[] = [];

  private constructor(readonly file: string, mode: PostingsMode, verify: boolean) {
    this.#fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(HEADER_BYTES);
    readExactly(this.#fd, header, 0);
    if (header.toString('latin1', 0, 8) !== MAGIC || header.readUInt32LE(8) !== 1) throw new Error(`${file} is not a lexical segment`);
    if (zlib.crc32(header.subarray(0, AT_CRC_HEADER)) !== header.readUInt32LE(AT_CRC_HEADER)) throw new Error(`${file}: damaged header`);
    this.docCount = header.readUInt32LE(12);
    this.termCount = header.readUInt32LE(16);
    this.buildWeights = [0, 1, 2].map((f) => header.readDoubleLE(40 + f * 8)) as unknown as FieldWeights;
    this.buildAverages = [0, 1, 2].map((f) => header.readDoubleLE(64 + f * 8)) as [number, number, number];
    const metaEnd = header.readDoubleLE(AT_META_END);
    const postingBytes = header.readDoubleLE(AT_POSTING_BYTES);
    this.bytes = metaEnd + postingBytes;
    // One aligned buffer for all meta sections: views into it need no copy.
    const meta = new ArrayBuffer(metaEnd - HEADER_BYTES);
    readExactly(this.#fd, new Uint8Array(meta), HEADER_BYTES);
    if (zlib.crc32(new Uint8Array(meta)) !== header.readUInt32LE(AT_CRC_META)) throw new Error(`${file}: damaged term dictionary`);
    const section = (s: number) => ({ at: header.readDoubleLE(96 + s * 16) - HEADER_BYTES, size: header.readDoubleLE(104 + s * 16) });
    const labels = section(0);
    this.labels = new Uint32Array(meta, labels.at, this.docCount);
    const lengths = section(1);
    this.lengths = [0, 1, 2].map((f) => new Uint16Array(meta, lengths.at + f * this.docCount * 2, this.docCount)) as [Uint16Array, Uint16Array, Uint16Array];
    const blob = section(2);
    this.#blob = Buffer.from(meta, blob.at, blob.size);
    this.#termOffsets = new Uint32Array(meta, section(3).at, this.termCount + 1);
    this.termDf = new Uint32Array(meta, section(4).at, this.termCount);
    this.#termAt = new Uint32Array(meta, section(5).at, this.termCount);
    this.termMax = new Float32Array(meta, section(6).at, this.termCount);
    const gramBlob = section(7);
    this.#gramBlob = Buffer.from(meta, gramBlob.at, gramBlob.size);
    const gramCount = section(8).size / 4 - 1;
    this.#gramOffsets = new Uint32Array(meta, section(8).at, gramCount + 1);
    this.#gramAt = new Uint32Array(meta, section(9).at, gramCount + 1);
    this.#gramTerms = new Uint32Array(meta, section(10).at, section(10).size / 4);
    this.#postingsAt = metaEnd;
    if (mode === 'memory' || verify) {
      const postings = new ArrayBuffer(postingBytes);
      readExactly(this.#fd, new Uint8Array(postings), metaEnd);
      if (verify && zlib.crc32(new Uint8Array(postings)) !== header.readUInt32LE(AT_CRC_POSTINGS)) throw new Error(`${file}: damaged postings`);
      if (mode === 'memory') this.#postings = postings;
    }
  }

  /** `verify` also reads and checks the postings' CRC (the meta sections are always checked). */
  static open(file: string, mode: PostingsMode = 'pread', verify = false): SegmentFile {
    return new SegmentFile(file, mode, verify);
  }

  /** Index of the term in this segment's dictionary, or -1. */
  findTerm(term: Buffer): number {
    return findSorted(this.#blob, this.#termOffsets, term);
  }

  /** The terms (indices, ascending) that contain the trigram. */
  termsWithGram(gram: Buffer): Uint32Array {
    const g = findSorted(this.#gramBlob, this.#gramOffsets, gram);
    return g < 0 ? new Uint32Array(0) : this.#gramTerms.subarray(this.#gramAt[g]!, this.#gramAt[g + 1]!);
  }

  termAt(t: number): string {
    return this.#blob.toString('utf8', this.#termOffsets[t]!, this.#termOffsets[t + 1]!);
  }

  termBytes(t: number): Buffer {
    return this.#blob.subarray(this.#termOffsets[t]!, this.#termOffsets[t + 1]!);
  }

  /**
   * The term's postings. In pread mode they are read into reusable buffer `slot` (one per term
   * of a query), so a query allocates nothing once the slots have grown.
   */
  postings(t: number, slot = 0): PostingList {
    const df = this.termDf[t]!;
    const blocks = Math.ceil(df / BLOCK);
    const words = df + blocks + Math.ceil(df / 2);
    let buffer: ArrayBuffer;
    let at: number;
    if (this.#postings) {
      buffer = this.#postings;
      at = this.#termAt[t]! * 4;
    } else {
      buffer = this.#slots[slot] ?? new ArrayBuffer(0);
      if (buffer.byteLength < words * 4) this.#slots[slot] = buffer = new ArrayBuffer(Math.max(words * 4, buffer.byteLength * 2, 4096));
      readExactly(this.#fd, new Uint8Array(buffer, 0, words * 4), this.#postingsAt + this.#termAt[t]! * 4);
      at = 0;
    }
    return {
      docs: new Uint32Array(buffer, at, df),
      blockMax: new Float32Array(buffer, at + df * 4, blocks),
      tfs: new Uint16Array(buffer, at + (df + blocks) * 4, df),
    };
  }

  close(): void {
    fs.closeSync(this.#fd);
  }
}
