import { toSearchTerms } from '../text/terms.ts';

/**
 * The share of the question's distinct search terms (normalized, stemmed, no stop words) that
 * occur in a text: 1 when every term is there. Unlike a BM25 score it means the same on any corpus,
 * which is what a "not found" threshold needs.
 */
export function termCoverage(questionTerms: string[], text: string): number {
  const wanted = new Set(questionTerms);
  if (wanted.size === 0) return 0;
  const present = new Set(toSearchTerms(text));
  let found = 0;
  for (const term of wanted) if (present.has(term)) found += 1;
  return found / wanted.size;
}
