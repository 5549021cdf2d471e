import { idf, mayHaveVariants } from '../index/lexical/bm25.ts';
import { stripArabicProclitics } from '../text/arabicStem.ts';
import { consonantSkeleton, distinctNgrams, ngramDice } from '../text/ngrams.ts';
import { searchWords, toSearchTerms } from '../text/terms.ts';

/** The weights of a question's terms in one index: what makes a term informative there. */
export interface TermStatistics {
  /** Inverse document frequency of each question term the index holds. */
  termWeights: ReadonlyMap<string, number>;
  /** Chunks in the index. */
  documentCount: number;
}

/** A text's terms, and the consonant skeletons (text/ngrams.ts) of its Arabic words, proclitics (و، ال…) stripped. */
export interface TermEvidence {
  terms: ReadonlySet<string>;
  skeletons: ReadonlyMap<string, string>;
}

/** The evidence of a question (with `query: true`) or of a passage. */
export function termEvidence(text: string, options: { query?: boolean } = {}): TermEvidence {
  const terms = new Set<string>();
  const skeletons = new Map<string, string>();
  for (const { term, word, script } of searchWords(text, options)) {
    terms.add(term);
    if (script === 'ar') skeletons.set(term, consonantSkeleton(stripArabicProclitics(word)));
  }
  return { terms, skeletons };
}

/** A term no passage of the index holds weighs as a term of document frequency 0 would: the most, never nothing. */
function weightOf(term: string, statistics: TermStatistics): number {
  return statistics.termWeights.get(term) ?? idf(statistics.documentCount, 0);
}

// Dice of boundary-marked trigrams at or above which a missing question term counts as found
// (لقياس/قياس, جنديا/جندي, شركته/شركه): chosen by cross-validation on XQuAD (README, "Not found").
const NEAR_SPELLING_DICE = 0.6;

// Dice ≥ NEAR_SPELLING_DICE needs the shorter word to have at least this share of the longer one's
// letters (a word of L letters has L boundary-marked trigrams), so most pairs are skipped unread.
const MIN_LENGTH_RATIO = NEAR_SPELLING_DICE / (2 - NEAR_SPELLING_DICE);

function hasNearSpelling(term: string, passageTerms: ReadonlySet<string>): boolean {
  if (!mayHaveVariants(term)) return false;
  const length = [...term].length;
  let grams: ReadonlySet<string> | undefined;
  for (const candidate of passageTerms) {
    const other = [...candidate].length;
    if (Math.min(length, other) < MIN_LENGTH_RATIO * Math.max(length, other)) continue;
    grams ??= new Set(distinctNgrams(term));
    if (ngramDice(grams, candidate) >= NEAR_SPELLING_DICE) return true;
  }
  return false;
}

/**
 * The keyword half of the relevance test: Σ weight of the question's terms the passage holds /
 * Σ weight of all of them, 0 to 1, each term weighing its inverse document frequency. A term the
 * passage lacks still counts when the passage has a near spelling of it, and a term no chunk of
 * the index holds when a word of the passage has its consonant skeleton (زيلنسكي/زيلينسكي);
 * skeletons merge common words too, so only unseen terms get that chance.
 */
export function relevanceCoverage(question: TermEvidence, passage: TermEvidence, statistics: TermStatistics): number {
  const passageSkeletons = new Set(passage.skeletons.values());
  let total = 0;
  let found = 0;
  for (const term of question.terms) {
    const weight = weightOf(term, statistics);
    total += weight;
    const unseen = !statistics.termWeights.has(term);
    const skeleton = question.skeletons.get(term);
    if (
      passage.terms.has(term) ||
      hasNearSpelling(term, passage.terms) ||
      (unseen && skeleton !== undefined && passageSkeletons.has(skeleton))
    ) {
      found += weight;
    }
  }
  return total > 0 ? found / total : 0;
}

/**
 * Like relevanceCoverage without the spelling allowances, and terms the index never saw left
 * out: among the sentences of one passage, the one holding the question's rarest words answers best.
 */
export function weightedTermCoverage(questionTerms: ReadonlySet<string>, text: string, termWeights: ReadonlyMap<string, number>): number {
  let total = 0;
  let found = 0;
  const present = new Set(toSearchTerms(text));
  for (const term of questionTerms) {
    const weight = termWeights.get(term);
    if (weight === undefined) continue;
    total += weight;
    if (present.has(term)) found += weight;
  }
  return total > 0 ? found / total : 0;
}
