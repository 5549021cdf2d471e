import { toSearchTerms } from '../text/terms.ts';

/**
 * The share of the question's distinct search terms (normalized, stemmed, no stop words) that a
 * text holds: 1 when every term is there. Unlike a BM25 score it means the same on any corpus,
 * which is what the "not found" threshold needs. Every term counts, including terms no indexed
 * passage contains: a word the index never saw is exactly the sign that the answer is not there
 * (measured on XQuAD with held-out articles; see the README, "Not found").
 */
export function termCoverage(questionTerms: string[], text: string): number {
  const wanted = new Set(questionTerms);
  if (wanted.size === 0) return 0;
  const present = new Set(toSearchTerms(text));
  let found = 0;
  for (const term of wanted) if (present.has(term)) found += 1;
  return found / wanted.size;
}

/**
 * Like termCoverage, but each term weighs its inverse document frequency in the index, and terms
 * the index never saw are left out: among the sentences of one passage, the one holding the
 * question's rarest words answers best.
 */
export function weightedTermCoverage(questionTerms: string[], text: string, termWeights: Map<string, number>): number {
  let total = 0;
  let found = 0;
  const present = new Set(toSearchTerms(text));
  for (const term of new Set(questionTerms)) {
    const weight = termWeights.get(term);
    if (weight === undefined) continue;
    total += weight;
    if (present.has(term)) found += weight;
  }
  return total > 0 ? found / total : 0;
}
