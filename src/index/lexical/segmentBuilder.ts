// Builds the in-memory form of a segment from analysed docs, and merges segments into one.
import type { LexicalDoc } from './bm25.ts';
import { packTf, type SegmentData, type SegmentFile } from './segmentFile.ts';

/** A growable typed array. */
class Grow<T extends Uint32Array | Uint16Array> {
  array: T;
  length = 0;
  constructor(private readonly make: (n: number) => T, capacity = 1024) {
    this.array = make(capacity);
  }
  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = this.make(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }
  done(): T {
    return this.array.subarray(0, this.length) as T;
  }
}

/** Terms sorted by their UTF-8 bytes (not by JS string order, which is UTF-16). */
function sortTerms(terms: string[]): { sorted: Buffer[]; order: Uint32Array } {
  const bytes = terms.map((t) => Buffer.from(t, 'utf8'));
  const order = Uint32Array.from(terms.keys()).sort((a, b) => Buffer.compare(bytes[a]!, bytes[b]!));
  return { sorted: Array.from(order, (i) => bytes[i]!), order };
}

/** Counting sort of (term, doc, tf) triples by term rank; docs stay ascending within a term. */
function groupPostings(termOf: Uint32Array, docs: Uint32Array, tfs: Uint16Array, rankOf: Uint32Array, termCount: number) {
  const postingStart = new Uint32Array(termCount + 1);
  for (let i = 0; i < termOf.length; i += 1) postingStart[rankOf[termOf[i]!]! + 1]! += 1;
  for (let t = 0; t < termCount; t += 1) postingStart[t + 1]! += postingStart[t]!;
  const fill = postingStart.slice(0, termCount);
  const outDocs = new Uint32Array(docs.length);
  const outTfs = new Uint16Array(docs.length);
  for (let i = 0; i < termOf.length; i += 1) {
    const at = fill[rankOf[termOf[i]!]!]!++;
    outDocs[at] = docs[i]!;
    outTfs[at] = tfs[i]!;
  }
  return { postingStart, docs: outDocs, tfs: outTfs };
}

export class SegmentBuilder {
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  readonly #labels = new Grow((n) => new Uint32Array(n));
  readonly #lengths = [0, 1, 2].map(() => new Grow((n) => new Uint16Array(n)));
  readonly #termOf = new Grow((n) => new Uint32Array(n), 1 << 16);
  readonly #docs = new Grow((n) => new Uint32Array(n), 1 << 16);
  readonly #tfs = new Grow((n) => new Uint16Array(n), 1 << 16);
  #lastLabel = -1;

  get docCount(): number {
    return this.#labels.length;
  }

  get postingCount(): number {
    return this.#docs.length;
  }

  /** Docs must come in ascending label order (the product's labels only grow). */
  add(doc: LexicalDoc): void {
    if (doc.label <= this.#lastLabel) throw new Error(`labels must ascend: ${doc.label} after ${this.#lastLabel}`);
    this.#lastLabel = doc.label;
    const local = this.#labels.length;
    this.#labels.push(doc.label);
    const counts = new Map<number, number>();
    const { title, section, body } = doc.fields;
    // Packed as body | title << 8 | section << 12, counted without clamping first.
    const fields: Array<[readonly string[], number]> = [
      [title, 1 << 16],
      [section, 1 << 24],
      [body, 1],
    ];
    for (const [terms, unit] of fields) {
      for (const term of terms) {
        let id = this.#termIds.get(term);
        if (id === undefined) {
          id = this.#terms.length;
          this.#termIds.set(term, id);
          this.#terms.push(term);
        }
        counts.set(id, (counts.get(id) ?? 0) + unit);
      }
    }
    this.#lengths[0]!.push(Math.min(title.length, 0xffff));
    this.#lengths[1]!.push(Math.min(section.length, 0xffff));
    this.#lengths[2]!.push(Math.min(body.length, 0xffff));
    for (const [id, count] of counts) {
      this.#termOf.push(id);
      this.#docs.push(local);
      this.#tfs.push(packTf((count >>> 16) & 0xff, count >>> 24, count & 0xffff));
    }
  }

  build(): SegmentData {
    const { sorted, order } = sortTerms(this.#terms);
    const rankOf = new Uint32Array(order.length);
    order.forEach((id, rank) => (rankOf[id] = rank));
    const grouped = groupPostings(this.#termOf.done(), this.#docs.done(), this.#tfs.done(), rankOf, sorted.length);
    return {
      labels: this.#labels.done().slice(),
      lengths: this.#lengths.map((l) => l.done().slice()) as SegmentData['lengths'],
      terms: sorted,
      ...grouped,
    };
  }
}

/** A deleted-docs bitmap: bit d set when local doc d is deleted. */
export type Deletions = Uint8Array | undefined;

export function isDeleted(deletions: Deletions, doc: number): boolean {
  return deletions !== undefined && ((deletions[doc >>> 3]! >>> (doc & 7)) & 1) === 1;
}

/**
 * Merges adjacent segments (in order, so labels keep ascending) into one, dropping deleted docs.
 * Streams the term dictionaries in byte order; reads each term's postings once.
 */
/** What a merge reads of a segment: a file, or one built by this update and not written yet. */
export type MergeInput = Pick<SegmentFile, 'docCount' | 'termCount' | 'labels' | 'lengths' | 'termBytes' | 'postings'>;

/** A built, unwritten segment, readable like a file for merging. */
export function inMemorySegment(data: SegmentData): MergeInput {
  return {
    docCount: data.labels.length,
    termCount: data.terms.length,
    labels: data.labels,
    lengths: data.lengths,
    termBytes: (t) => data.terms[t]!,
    postings: (t) => {
      const from = data.postingStart[t]!;
      const to = data.postingStart[t + 1]!;
      return { docs: data.docs.subarray(from, to), tfs: data.tfs.subarray(from, to), blockMax: new Float32Array(0) };
    },
  };
}

export function mergeSegments(parts: Array<{ segment: MergeInput; deletions: Deletions }>): SegmentData {
  // New local ids: live docs in segment order.
  const remap: Int32Array[] = [];
  let docCount = 0;
  for (const { segment, deletions } of parts) {
    const map = new Int32Array(segment.docCount).fill(-1);
    for (let d = 0; d < segment.docCount; d += 1) if (!isDeleted(deletions, d)) map[d] = docCount++;
    remap.push(map);
  }
  const labels = new Uint32Array(docCount);
  const lengths = [0, 1, 2].map(() => new Uint16Array(docCount)) as SegmentData['lengths'];
  parts.forEach(({ segment }, s) => {
    const map = remap[s]!;
    for (let d = 0; d < segment.docCount; d += 1) {
      const to = map[d]!;
      if (to < 0) continue;
      labels[to] = segment.labels[d]!;
      for (let f = 0; f < 3; f += 1) lengths[f]![to] = segment.lengths[f]![d]!;
    }
  });
  const terms: Buffer[] = [];
  const starts = new Grow((n) => new Uint32Array(n));
  const docs = new Grow((n) => new Uint32Array(n), 1 << 16);
  const tfs = new Grow((n) => new Uint16Array(n), 1 << 16);
  const cursor = new Array<number>(parts.length).fill(0);
  for (;;) {
    // The smallest next term over all segments.
    let smallest: Buffer | undefined;
    for (let s = 0; s < parts.length; s += 1) {
      const segment = parts[s]!.segment;
      if (cursor[s]! >= segment.termCount) continue;
      const term = segment.termBytes(cursor[s]!);
      if (!smallest || Buffer.compare(term, smallest) < 0) smallest = term;
    }
    if (!smallest) break;
    const before = docs.length;
    for (let s = 0; s < parts.length; s += 1) {
      const segment = parts[s]!.segment;
      if (cursor[s]! >= segment.termCount || Buffer.compare(segment.termBytes(cursor[s]!), smallest) !== 0) continue;
      const list = segment.postings(cursor[s]!, 0);
      const map = remap[s]!;
      for (let p = 0; p < list.docs.length; p += 1) {
        const to = map[list.docs[p]!]!;
        if (to < 0) continue;
        docs.push(to);
        tfs.push(list.tfs[p]!);
      }
      cursor[s]! += 1;
    }
    if (docs.length > before) {
      terms.push(Buffer.from(smallest));
      starts.push(before);
    }
  }
  starts.push(docs.length);
  return { labels, lengths, terms, postingStart: starts.done(), docs: docs.done(), tfs: tfs.done() };
}
