// The lexical scoring every store computes, the same way (the PostgreSQL store in SQL):
//
// BM25F (Robertson & Zaragoza 2009, "simple BM25F"): the term frequencies of a chunk's fields
// (its article's title, its section heading, its body) are length-normalized per field, weighted
// and summed, and saturated once:
//   x(t, d)  = Σ_f w_f · tf_f(t, d) / (1 − b + b · len_f(d) / avglen_f)
//   score(d) = Σ_{distinct query terms t} idf(t) · x (k1 + 1) / (x + k1)
//   idf(t)   = ln(1 + (N − n_t + 0.5) / (n_t + 0.5))          (Lucene's)
// N counts the generation's chunks, n_t those that hold t in any field; len_f is a field's term
// count (stop words removed). k1 and b are the textbook values; the field weights were chosen by
// cross-validation over XQuAD's articles (README, "Retrieval quality").

export const K1 = 1.2;
export const B = 0.75;

export const LEXICAL_FIELDS = ['title', 'section', 'body'] as const;
export type LexicalField = (typeof LEXICAL_FIELDS)[number];

/** A chunk as the lexical index sees it: the analysed terms of each field (text/terms.ts). */
export type LexicalFields = Record<LexicalField, readonly string[]>;

/** A chunk to index: its label in the generation and its fields' terms. */
export interface LexicalDoc {
  label: number;
  fields: LexicalFields;
}

export interface LexicalHit {
  label: number;
  score: number;
}

/** Best first; equal scores by smaller label, so every store breaks ties alike. */
export function compareHits(a: LexicalHit, b: LexicalHit): number {
  return b.score - a.score || a.label - b.label;
}

/** Field weights in LEXICAL_FIELDS order. */
export type FieldWeights = readonly [title: number, section: number, body: number];
export const FIELD_WEIGHTS: FieldWeights = [1, 1, 1];

export function idf(chunks: number, matching: number): number {
  return Math.log(1 + (chunks - matching + 0.5) / (matching + 0.5));
}

/** 1 / (1 − b + b·len/avg): the factor a field's term frequency is multiplied by. */
export function fieldNorm(length: number, average: number): number {
  return average > 0 ? 1 / (1 - B + (B * length) / average) : 1;
}

/** Saturation of a weighted, normalized frequency: x (k1 + 1) / (x + k1). */
export function saturate(x: number): number {
  return (x * (K1 + 1)) / (x + K1);
}

/** Distinct terms in query order: a repeated question word counts once. */
export function distinctTerms(terms: readonly string[]): string[] {
  return [...new Set(terms)];
}

/**
 * Spelling variants: a question term that no chunk of the generation holds is matched to the
 * terms of the generation's vocabulary whose boundary-marked character trigrams (text/ngrams.ts)
 * have a Dice coefficient of at least VARIANT_MIN_DICE with it; the best VARIANTS_PER_TERM of
 * them are searched like question terms, each score multiplied by its Dice coefficient. A name
 * spelt زيلنسكي in the question then finds the زيلينسكي of the article. Only terms of
 * VARIANT_MIN_LETTERS letters or more that are not numbers get variants.
 */
export const VARIANT_MIN_DICE = 0.6;
export const VARIANTS_PER_TERM = 3;
/** Shorter terms have too few trigrams to tell a variant from another word (ميل/ميلا…); numbers never vary (2015 ≠ 2016). */
export const VARIANT_MIN_LETTERS = 4;

export function mayHaveVariants(term: string): boolean {
  return [...term].length >= VARIANT_MIN_LETTERS && !/^\p{N}/u.test(term);
}
