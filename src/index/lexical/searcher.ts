// Exact top-k BM25F over a list of segments: block-max MaxScore, scored window by window.
//
// Every term of a segment has an upper bound on what it can add to a doc's score (its IDF times
// the stored max saturation, scaled for the weights and averages of now). Within a window of
// WINDOW docs the bound is tightened to the max over the term's blocks that overlap the window.
// Terms are sorted by bound; the longest prefix whose bounds add up to less than the current k-th
// best score is "non-essential": a doc matching only those cannot enter the top k. Essential terms'
// postings are scored into an accumulator; each doc found there is completed with the
// non-essential terms (largest bound first, skipping to the doc) only while it can still beat the
// k-th score. When no term is essential in a window, the window is skipped.
import { diceOf, distinctNgrams } from '../../text/ngrams.ts';
import {
  K1,
  VARIANT_MIN_DICE,
  VARIANTS_PER_TERM,
  compareHits,
  distinctTerms,
  fieldNorm,
  idf,
  mayHaveVariants,
  type FieldWeights,
  type LexicalHit,
} from './bm25.ts';
import { isDeleted, type Deletions } from './segmentBuilder.ts';
import { BLOCK, type PostingList, type SegmentFile } from './segmentFile.ts';

const WINDOW = 4096;
/** Bounds are inflated by this much against float rounding, so pruning never drops a tie. */
const SLACK = 1 + 1e-9;

interface SegmentView {
  segment: SegmentFile;
  deletions: Deletions;
  /** Live postings per term, counted on first use in a segment that has deletions. */
  liveDf: Map<number, number>;
  /** Upper-bound multiplier for this segment's stored maxima (weights and averages have moved). */
  scale: number;
}

interface Cursor {
  docs: Uint32Array;
  tfs: Uint16Array;
  blockMax: Float32Array;
  length: number;
  pos: number;
  idf: number;
  /** idf · scale: multiplies a stored (block) max into a bound. */
  factor: number;
  /** Bound within the current window. */
  bound: number;
}

/** A min-heap of the k best hits so far; the root is the worst of them. */
class TopK {
  readonly scores: Float64Array;
  readonly labels: Float64Array;
  size = 0;
  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.labels = new Float64Array(k);
  }
  /** The score to beat once full; -Infinity before. */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0]!;
  }
  #worse(i: number, j: number): boolean {
    const a = this.scores[i]!;
    const b = this.scores[j]!;
    return a < b || (a === b && this.labels[i]! > this.labels[j]!);
  }
  #swap(i: number, j: number): void {
    const s = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = s;
    const l = this.labels[i]!;
    this.labels[i] = this.labels[j]!;
    this.labels[j] = l;
  }
  offer(score: number, label: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      this.scores[i] = score;
      this.labels[i] = label;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.#worse(i, parent)) break;
        this.#swap(i, parent);
        i = parent;
      }
      return;
    }
    const root = this.scores[0]!;
    if (score < root || (score === root && label > this.labels[0]!)) return;
    this.scores[0] = score;
    this.labels[0] = label;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      let child = left;
      if (left + 1 < this.size && this.#worse(left + 1, left)) child = left + 1;
      if (!this.#worse(child, i)) break;
      this.#swap(child, i);
      i = child;
    }
  }
  hits(): LexicalHit[] {
    const hits: LexicalHit[] = [];
    for (let i = 0; i < this.size; i += 1) hits.push({ label: this.labels[i]!, score: this.scores[i]! });
    return hits.sort(compareHits);
  }
}

/** First position >= from whose doc is >= target (galloping, then binary search). */
function seek(docs: Uint32Array, from: number, length: number, target: number): number {
  if (from >= length || docs[from]! >= target) return from;
  let step = 1;
  let low = from;
  let high = from + 1;
  while (high < length && docs[high]! < target) {
    low = high;
    step *= 2;
    high = from + step;
  }
  if (high > length) high = length;
  // docs[low] < target; answer in (low, high].
  while (low + 1 < high) {
    const mid = (low + high) >>> 1;
    if (docs[mid]! < target) low = mid;
    else high = mid;
  }
  return high;
}

export class Searcher {
  readonly total: number;
  readonly averages: [number, number, number];
  readonly #views: SegmentView[];
  /** Per field, fieldNorm(length, average) for every length that occurs: a doc's norm is norms[f][length]. */
  readonly #norms: [Float64Array, Float64Array, Float64Array];
  readonly #acc = new Float64Array(WINDOW);
  readonly #bits = new Int32Array(WINDOW >>> 5);
  #gramCounts = new Uint16Array(0);

  constructor(
    parts: Array<{ segment: SegmentFile; deletions: Deletions }>,
    readonly weights: FieldWeights,
  ) {
    // Live docs and their field lengths: one pass over the u16 length arrays (3 ms at 1M docs).
    let total = 0;
    const sums = [0, 0, 0];
    const longest = [0, 0, 0];
    for (const { segment, deletions } of parts) {
      for (let f = 0; f < 3; f += 1) {
        const lengths = segment.lengths[f]!;
        let sum = 0;
        let max = longest[f]!;
        for (let d = 0; d < lengths.length; d += 1) {
          if (deletions !== undefined && isDeleted(deletions, d)) continue;
          const length = lengths[d]!;
          sum += length;
          if (length > max) max = length;
        }
        sums[f]! += sum;
        longest[f] = max;
      }
      total += segment.docCount;
      if (deletions !== undefined) for (let d = 0; d < segment.docCount; d += 1) if (isDeleted(deletions, d)) total -= 1;
    }
    this.total = total;
    this.averages = sums.map((s) => (total > 0 ? s / total : 0)) as [number, number, number];
    // Deleted docs may be longer than any live one: the tables cover every stored length.
    for (const { segment } of parts) for (let f = 0; f < 3; f += 1) for (const length of segment.lengths[f]!) if (length > longest[f]!) longest[f] = length;
    this.#norms = [0, 1, 2].map((f) => {
      const table = new Float64Array(longest[f]! + 1);
      for (let length = 0; length < table.length; length += 1) table[length] = fieldNorm(length, this.averages[f]!);
      return table;
    }) as [Float64Array, Float64Array, Float64Array];
    this.#views = parts.map(({ segment, deletions }) => {
      let scale = 1;
      for (let f = 0; f < 3; f += 1) {
        if (weights[f] === 0) continue;
        const built = segment.buildWeights[f]!;
        // A field the segment was built without a weight for cannot be bounded: refuse rather than guess.
        if (built <= 0) throw new Error(`segment ${segment.file} was built with weight 0 for field ${f}`);
        scale = Math.max(scale, (weights[f]! / built) * Math.max(1, this.averages[f]! / (segment.buildAverages[f]! || 1)));
      }
      return { segment, deletions, liveDf: new Map(), scale };
    });
  }

  /** Live docs containing the term in one segment. */
  #liveDf(view: SegmentView, t: number): number {
    if (!view.deletions) return view.segment.termDf[t]!;
    let live = view.liveDf.get(t);
    if (live === undefined) {
      const { docs } = view.segment.postings(t, 255);
      live = 0;
      for (let p = 0; p < docs.length; p += 1) if (!isDeleted(view.deletions, docs[p]!)) live += 1;
      view.liveDf.set(t, live);
    }
    return live;
  }

  /** Document frequency (live docs) of each term, over all segments. */
  documentFrequencies(terms: string[]): { found: number[][]; df: number[] } {
    const bytes = terms.map((t) => Buffer.from(t, 'utf8'));
    const found = this.#views.map((view) => bytes.map((b) => view.segment.findTerm(b)));
    const df = terms.map((_, i) => {
      let n = 0;
      this.#views.forEach((view, s) => {
        const t = found[s]![i]!;
        if (t >= 0) n += this.#liveDf(view, t);
      });
      return n;
    });
    return { found, df };
  }

  /**
   * The k best docs by BM25F for an OR of the distinct terms; best first, ties by smaller label.
   * A term's boost (default 1) multiplies its BM25F weight: variants are searched at their similarity.
   */
  search(queryTerms: readonly string[], k: number, boosts?: ReadonlyMap<string, number>): { hits: LexicalHit[]; termWeights: Map<string, number> } {
    const terms = distinctTerms(queryTerms);
    const { found, df } = this.documentFrequencies(terms);
    const idfs = df.map((n, i) => (n > 0 ? idf(this.total, n) * (boosts?.get(terms[i]!) ?? 1) : 0));
    const termWeights = new Map<string, number>();
    terms.forEach((term, i) => {
      if (df[i]! > 0) termWeights.set(term, idfs[i]!);
    });
    const top = new TopK(k);
    this.#views.forEach((view, s) => {
      const cursors: Cursor[] = [];
      terms.forEach((_, i) => {
        const t = found[s]![i]!;
        if (t < 0 || df[i] === 0) return;
        const list: PostingList = view.segment.postings(t, cursors.length);
        cursors.push({
          docs: list.docs,
          tfs: list.tfs,
          blockMax: list.blockMax,
          length: list.docs.length,
          pos: 0,
          idf: idfs[i]!,
          factor: idfs[i]! * view.scale * SLACK,
          bound: 0,
        });
      });
      if (cursors.length > 0) this.#searchSegment(view, cursors, top);
    });
    return { hits: top.hits(), termWeights };
  }

  /**
   * Known terms spelled like `term`: those sharing the most padded trigrams with it (Dice
   * coefficient at least `minSimilarity`), best first, from every segment's trigram index.
   */
  variantsOf(term: string, minSimilarity = VARIANT_MIN_DICE, max = VARIANTS_PER_TERM): Array<{ term: string; similarity: number }> {
    const grams = distinctNgrams(term).map((g) => Buffer.from(g, 'utf8'));
    const best = new Map<string, number>();
    for (const view of this.#views) {
      const segment = view.segment;
      if (this.#gramCounts.length < segment.termCount) this.#gramCounts = new Uint16Array(segment.termCount);
      const counts = this.#gramCounts;
      const touched: number[] = [];
      for (const gram of grams) {
        const list = segment.termsWithGram(gram);
        for (let i = 0; i < list.length; i += 1) {
          const t = list[i]!;
          if (counts[t] === 0) touched.push(t);
          counts[t]! += 1;
        }
      }
      for (const t of touched) {
        const shared = counts[t]!;
        counts[t] = 0;
        // A candidate has at least `shared` grams, so this bounds its similarity from above.
        if ((2 * shared) / (grams.length + shared) < minSimilarity) continue;
        const candidate = segment.termAt(t);
        if (candidate === term) continue;
        const similarity = diceOf(shared, grams.length, distinctNgrams(candidate).length);
        if (similarity >= minSimilarity && similarity > (best.get(candidate) ?? 0)) best.set(candidate, similarity);
      }
    }
    return [...best]
      .map(([t, similarity]) => ({ term: t, similarity }))
      .sort((a, b) => b.similarity - a.similarity || (a.term < b.term ? -1 : 1))
      .slice(0, max);
  }

  /**
   * search(), with each query term the index does not know replaced by its spelling variants
   * (bm25.ts); the term weights are those of the question's own terms the index knows.
   */
  searchWithVariants(queryTerms: readonly string[], k: number): { hits: LexicalHit[]; termWeights: Map<string, number>; variants: Map<string, string[]> } {
    const terms = distinctTerms(queryTerms);
    const { df } = this.documentFrequencies(terms);
    const expanded: string[] = [];
    const boosts = new Map<string, number>();
    const variants = new Map<string, string[]>();
    terms.forEach((term, i) => {
      if (df[i]! > 0) {
        expanded.push(term);
        return;
      }
      if (!mayHaveVariants(term)) return;
      const found = this.variantsOf(term);
      if (found.length > 0) variants.set(term, found.map((variant) => variant.term));
      for (const variant of found) {
        if (boosts.has(variant.term) || terms.includes(variant.term)) continue;
        expanded.push(variant.term);
        boosts.set(variant.term, variant.similarity);
      }
    });
    const { hits, termWeights } = this.search(expanded, k, boosts);
    for (const term of boosts.keys()) termWeights.delete(term);
    return { hits, termWeights, variants };
  }

  /**
   * Block-max MaxScore over one segment, in windows of WINDOW documents: per window, each term's
   * bound from the blocks it overlaps; the terms whose bounds together cannot reach the top k's
   * threshold are non-essential; essential postings are scored into an accumulator, and each
   * candidate is completed with the non-essential terms only while it can still win. Kept as one
   * function over its 60-line budget on purpose: it is the inner loop of every keyword search, and
   * its three phases share the window's accumulator, bit set and cursor order.
   */
  #searchSegment(view: SegmentView, cursors: Cursor[], top: TopK): void {
    const { segment, deletions } = view;
    const [wT, wS, wB] = this.weights;
    const [normT, normS, normB] = this.#norms;
    const [lengthT, lengthS, lengthB] = segment.lengths;
    const labels = segment.labels;
    const acc = this.#acc;
    const bits = this.#bits;
    const m = cursors.length;
    const order: Cursor[] = cursors.slice();
    const prefix = new Float64Array(m);
    const docCount = segment.docCount;

    const impact = (c: Cursor, p: number, doc: number): number => {
      const tf = c.tfs[p]!;
      let x = wB * (tf & 0xff) * normB[lengthB[doc]!]!;
      // A field weighted 0 adds nothing (skipped, so that a doc matched only there scores 0).
      const title = (tf >>> 8) & 0xf;
      if (title !== 0 && wT !== 0) x += wT * title * normT[lengthT[doc]!]!;
      const section = tf >>> 12;
      if (section !== 0 && wS !== 0) x += wS * section * normS[lengthS[doc]!]!;
      return c.idf * ((x * (K1 + 1)) / (x + K1));
    };

    for (let start = 0; start < docCount; start += WINDOW) {
      const end = Math.min(docCount, start + WINDOW);
      // Window bounds from the blocks that overlap [start, end).
      let anyLeft = false;
      for (let i = 0; i < m; i += 1) {
        const c = cursors[i]!;
        c.pos = seek(c.docs, c.pos, c.length, start);
        let best = 0;
        if (c.pos < c.length && c.docs[c.pos]! < end) {
          anyLeft = true;
          for (let block = (c.pos / BLOCK) | 0; block * BLOCK < c.length && c.docs[block * BLOCK]! < end; block += 1) {
            const max = c.blockMax[block]!;
            if (max > best) best = max;
          }
        } else if (c.pos < c.length) anyLeft = true;
        c.bound = best * c.factor;
      }
      if (!anyLeft) break;
      order.sort((a, b) => a.bound - b.bound);
      let sum = 0;
      for (let i = 0; i < m; i += 1) prefix[i] = sum += order[i]!.bound;
      const threshold = top.threshold;
      let essential = 0;
      while (essential < m && prefix[essential]! < threshold) essential += 1;
      if (essential === m) {
        continue;
      }
      // Essential terms: every posting in the window is scored.
      for (let i = essential; i < m; i += 1) {
        const c = order[i]!;
        let p = c.pos;
        const docs = c.docs;
        while (p < c.length) {
          const doc = docs[p]!;
          if (doc >= end) break;
          const d = doc - start;
          acc[d]! += impact(c, p, doc);
          bits[d >>> 5]! |= 1 << (d & 31);
          p += 1;
        }
        c.pos = p;
      }
      // Candidates in doc order, completed with the non-essential terms while they can still win.
      for (let w = 0; w < bits.length; w += 1) {
        let word = bits[w]!;
        if (word === 0) continue;
        bits[w] = 0;
        while (word !== 0) {
          const bit = 31 - Math.clz32(word & -word);
          word &= word - 1;
          const d = (w << 5) | bit;
          const doc = start + d;
          let score = acc[d]!;
          acc[d] = 0;
          if (isDeleted(deletions, doc)) continue;
          let competitive = true;
          for (let i = essential - 1; i >= 0; i -= 1) {
            if (score + prefix[i]! < top.threshold) {
              competitive = false;
              break;
            }
            const c = order[i]!;
            c.pos = seek(c.docs, c.pos, c.length, doc);
            if (c.pos < c.length && c.docs[c.pos] === doc) {
              score += impact(c, c.pos, doc);
            }
          }
          // A doc whose matches are all in fields weighted 0 does not match.
          if (competitive && score > 0) top.offer(score, labels[doc]!);
        }
      }
    }
  }
}
