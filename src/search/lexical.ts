import MiniSearch from 'minisearch';
import type { AsPlainObject, Options, SearchOptions } from 'minisearch';
import { z } from 'zod';
import { defaultStemmer } from '../text/stemmer.ts';
import type { Stemmer } from '../text/stemmer.ts';
import { toSearchTerms } from '../text/terms.ts';

export interface LexicalDoc {
  id: string;
  text: string;
}

export interface LexicalHit {
  id: string;
  score: number;
}

export interface LexicalOptions {
  /** BM25 term-frequency saturation. */
  k1?: number;
  /** BM25 length normalization, 0 (none) to 1 (full). */
  b?: number;
  /** Also match indexed terms that start with a query term. */
  prefix?: boolean;
  /** Also match terms within this edit distance, as a fraction of the term's length; 0 is off. */
  fuzzy?: number;
  /** Must be the stemmer the index was built with when reading one back. */
  stemmer?: Stemmer;
}

// The usual BM25 settings (Robertson et al.; Lucene and Elasticsearch defaults).
export const DEFAULT_K1 = 1.2;
export const DEFAULT_B = 0.75;

const FORMAT = 1;

const savedIndex = z.object({
  format: z.literal(FORMAT),
  stemmer: z.string(),
  index: z.custom<AsPlainObject>((value) => typeof value === 'object' && value !== null),
});

function validate(options: LexicalOptions): Required<LexicalOptions> {
  const { k1 = DEFAULT_K1, b = DEFAULT_B, prefix = false, fuzzy = 0, stemmer = defaultStemmer } = options;
  if (!(k1 > 0)) throw new RangeError('k1 must be > 0');
  if (!(b >= 0 && b <= 1)) throw new RangeError('b must be between 0 and 1');
  if (!(fuzzy >= 0 && fuzzy < 1)) throw new RangeError('fuzzy must be >= 0 and < 1');
  return { k1, b, prefix, fuzzy, stemmer };
}

/**
 * A BM25 index over chunk texts that keeps only terms and ids, never the texts.
 * Queries are an OR of their terms, so a passage scores the sum of the BM25
 * weights of the query terms it contains.
 */
export class LexicalIndex {
  readonly #search: MiniSearch<LexicalDoc>;
  readonly #searchOptions: SearchOptions;
  readonly #stemmer: Stemmer;

  private constructor(options: Required<LexicalOptions>, saved?: AsPlainObject) {
    const { stemmer } = options;
    const indexOptions: Options<LexicalDoc> = {
      fields: ['text'],
      storeFields: [],
      tokenize: (text) => toSearchTerms(text, { stemmer }),
      processTerm: (term) => term,
    };
    this.#search = saved ? MiniSearch.loadJS(saved, indexOptions) : new MiniSearch(indexOptions);
    this.#stemmer = stemmer;
    this.#searchOptions = {
      combineWith: 'OR',
      prefix: options.prefix,
      fuzzy: options.fuzzy,
      // d is the BM25+ floor minisearch adds to every matched term; 0 gives plain BM25.
      bm25: { k: options.k1, b: options.b, d: 0 },
    };
  }

  static create(options: LexicalOptions = {}): LexicalIndex {
    return new LexicalIndex(validate(options));
  }

  /** Reads back {@link LexicalIndex.toJSON}; throws if it was built with another stemmer. */
  static fromJSON(json: unknown, options: LexicalOptions = {}): LexicalIndex {
    const valid = validate(options);
    const saved = savedIndex.parse(json);
    if (saved.stemmer !== valid.stemmer.id) {
      throw new Error(`lexical index was built with stemmer "${saved.stemmer}", not "${valid.stemmer.id}"`);
    }
    return new LexicalIndex(valid, saved.index);
  }

  get size(): number {
    return this.#search.documentCount;
  }

  /** Throws, adding nothing, if an id repeats or is already in the index. */
  add(docs: LexicalDoc[]): void {
    const ids = new Set<string>();
    for (const { id } of docs) {
      if (ids.has(id) || this.#search.has(id)) throw new Error(`duplicate lexical doc id: ${id}`);
      ids.add(id);
    }
    for (const { id, text } of docs) this.#search.add({ id, text });
  }

  /** Ids not in the index are ignored. */
  remove(ids: string[]): void {
    // discard needs only the id (remove would need the text back); the
    // postings are cleaned up by minisearch's automatic vacuuming.
    this.#search.discardAll(ids.filter((id) => this.#search.has(id)));
  }

  /** Best first, at most `limit` hits. */
  search(query: string, limit: number): LexicalHit[] {
    return this.searchWithWeights(query, limit).hits;
  }

  /**
   * Best first, at most `limit` hits, and the BM25 inverse document frequency of each query term
   * that occurs in the index (a term no document contains has no weight). Counted from the same
   * OR query, so it costs no second search.
   */
  searchWithWeights(query: string, limit: number): { hits: LexicalHit[]; termWeights: Map<string, number> } {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    const results = this.#search.search(query, this.#searchOptions);
    const documentFrequency = new Map<string, number>();
    for (const result of results) {
      for (const term of result.queryTerms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    const total = this.#search.documentCount;
    const termWeights = new Map<string, number>();
    for (const [term, frequency] of documentFrequency) termWeights.set(term, Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5)));
    return { hits: results.slice(0, limit).map((result) => ({ id: result.id as string, score: result.score })), termWeights };
  }

  toJSON(): unknown {
    return { format: FORMAT, stemmer: this.#stemmer.id, index: this.#search.toJSON() };
  }
}
