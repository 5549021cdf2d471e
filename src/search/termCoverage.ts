import { toSearchTerms } from '../text/terms.ts';

/**
 * How much of the question a text covers: the question's distinct search terms (normalized,
 * stemmed, no stop words) found in the text, each weighted by its inverse document frequency, over
 * the weight of all of them. Terms that occur nowhere in the index are left out: no passage could
 * hold them. Unlike a BM25 score it means the same on any corpus (1: every known term is there),
 * which is what a "not found" threshold needs.
 */
export function termCoverage(questionTerms: string[], text: string, termWeights: Map<string, number>): number {
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
