import type { Embedder } from '../embed/types.ts';
import type { IndexReader } from '../index/store.ts';
import { coverageOf, rankPassages, type RetrievalOptions, type SearchMode } from '../search/retrieve.ts';

export type { SearchMode } from '../search/retrieve.ts';

export const searchModes: readonly SearchMode[] = ['dense', 'lexical', 'hybrid'];

/** One passage of the candidate list, with the evidence the product's relevance test reads. */
export interface Candidate {
  articleId: string;
  /** Share of the question's terms in the passage, weighted as the relevance test weighs them. */
  coverage: number;
  /** Best cosine similarity of its chunks to the question, when dense search found one of them. */
  similarity: number | undefined;
}

/**
 * The candidate passages of one question, best first, before the relevance test and paging, each
 * with its coverage: the product's own ranking (`rankPassages`), so that it can be scored past the
 * first page and the "not found" filter replayed at any threshold.
 */
export async function rankCandidates(
  question: string,
  mode: SearchMode,
  snapshot: IndexReader,
  embedder: Embedder | undefined,
  options: RetrievalOptions,
): Promise<Candidate[]> {
  const candidates = await rankPassages({ question }, [{ tag: 'eval', snapshot }], embedder, options, mode);
  return candidates.passages.map((passage) => ({
    articleId: passage.articleId,
    coverage: coverageOf(candidates, passage),
    similarity: passage.similarity,
  }));
}

/** Article ids in candidate order, each once: a paragraph split into several passages counts at its best rank. */
export function paragraphRanking(candidates: readonly Candidate[]): string[] {
  return [...new Set(candidates.map((candidate) => candidate.articleId))];
}
