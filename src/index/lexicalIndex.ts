import MiniSearch from 'minisearch';
import type { AsPlainObject, Options, SearchOptions } from 'minisearch';
import { z } from 'zod';
import { IndexMismatchError } from '../errors.ts';
import { defaultStemmer } from '../text/stemmer.ts';

/** A document as the engine sees it: its id and its search terms (the analysis happens before, in text/). */
export interface LexicalDoc {
  id: string;
  terms: string[];
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
  /**
   * Names the analysis that made the terms (the stemmer's id); an index is read back only with
   * the same one, since terms of two analyses never match.
   */
  analysis?: string;
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
  const { k1 = DEFAULT_K1, b = DEFAULT_B, prefix = false, fuzzy = 0, analysis = defaultStemmer.id } = options;
  if (!(k1 > 0)) throw new RangeError('k1 must be > 0');
  if (!(b >= 0 && b <= 1)) throw new RangeError('b must be between 0 and 1');
  if (!(fuzzy >= 0 && fuzzy < 1)) throw new RangeError('fuzzy must be >= 0 and < 1');
  return { k1, b, prefix, fuzzy, analysis };
}

// Terms never hold a space (they are runs of letters or digits), so a space-joined list is lossless.
const TERM_SEPARATOR = ' ';
const splitTerms = (joined: string): string[] => joined.split(TERM_SEPARATOR).filter(Boolean);

/**
 * A BM25 index over chunk terms that keeps only terms and ids, never the texts.
 * Queries are an OR of their terms, so a passage scores the sum of the BM25
 * weights of the query terms it contains.
 */
export class LexicalIndex {
  readonly #search: MiniSearch<{ id: string; text: string }>;
  readonly #searchOptions: SearchOptions;
  readonly #analysis: string;

  private constructor(options: Required<LexicalOptions>, saved?: AsPlainObject) {
    const indexOptions: Options<{ id: string; text: string }> = {
      fields: ['text'],
      storeFields: [],
      tokenize: splitTerms,
      processTerm: (term) => term,
    };
    this.#search = saved ? MiniSearch.loadJS(saved, indexOptions) : new MiniSearch(indexOptions);
    this.#analysis = options.analysis;
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

  /** Reads back {@link LexicalIndex.toJSON}; throws an IndexMismatchError if it was built with another analysis. */
  static fromJSON(json: unknown, options: LexicalOptions = {}): LexicalIndex {
    const valid = validate(options);
    const saved = savedIndex.parse(json);
    if (saved.stemmer !== valid.analysis) {
      throw new IndexMismatchError(
        `The lexical index was built with stemmer "${saved.stemmer}", not "${valid.analysis}": run \`npm run index -- --full\` to rebuild it.`,
      );
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
    for (const { id, terms } of docs) this.#search.add({ id, text: terms.join(TERM_SEPARATOR) });
  }

  /** Ids not in the index are ignored. */
  remove(ids: string[]): void {
    // discard needs only the id (remove would need the text back); the
    // postings are cleaned up by minisearch's automatic vacuuming.
    this.#search.discardAll(ids.filter((id) => this.#search.has(id)));
  }

  /** Best first, at most `limit` hits. */
  search(terms: string[], limit: number): LexicalHit[] {
    return this.searchWithWeights(terms, limit).hits;
  }

  /**
   * Best first, at most `limit` hits, and the BM25 inverse document frequency of each query term
   * that occurs in the index (a term no document contains has no weight). Counted from the same
   * OR query, so it costs no second search.
   */
  searchWithWeights(terms: string[], limit: number): { hits: LexicalHit[]; termWeights: Map<string, number> } {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    const results = this.#search.search(terms.join(TERM_SEPARATOR), this.#searchOptions);
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
    return { format: FORMAT, stemmer: this.#analysis, index: this.#search.toJSON() };
  }
}
