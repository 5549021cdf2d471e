import type { Embedder } from '../embed/types.ts';
import type { IndexSnapshot } from '../index/indexSnapshot.ts';
import { toSearchTerms } from '../text/terms.ts';
import { fuseRankings } from './fusion.ts';
import { mergePassages, type Passage } from './mergePassages.ts';
import { termCoverage } from './termCoverage.ts';

export interface RetrievalOptions {
  topK: number;
  /** Hits taken from each ranking before fusion. */
  candidates: number;
  denseWeight: number;
  lexicalWeight: number;
  rrfK: number;
  /** A passage is relevant when it has this share of the question's terms… */
  minCoverage: number;
  /** …or this cosine similarity to the question. Below both for every passage: "not found". */
  minSimilarity: number;
}

export const defaultRetrievalOptions: RetrievalOptions = {
  topK: 3,
  candidates: 40,
  denseWeight: 1,
  lexicalWeight: 1,
  rrfK: 60,
  minCoverage: 0.5,
  minSimilarity: 0.8,
};

export interface RankedPassage extends Passage {
  /** Best cosine similarity of the passage's chunks to the question, when dense search ran and found it. */
  similarity: number | undefined;
  /** Share of the question's terms found in the passage. */
  coverage: number;
  /** Indexes into `sentences` of the sentences that best answer the question. */
  highlights: number[];
}

export interface Retrieval {
  /** 'lexical' when there is no model or no vectors: dense search did not run. */
  mode: 'hybrid' | 'lexical';
  passages: RankedPassage[];
  hasMore: boolean;
}

export interface Query {
  question: string;
  /** An earlier question this one follows up on; it widens retrieval, not the relevance test. */
  context?: string | undefined;
}

function dot(query: Float32Array, quantized: Int8Array): number {
  let sum = 0;
  for (let i = 0; i < query.length; i += 1) sum += query[i]! * quantized[i]!;
  return sum / 127;
}

/**
 * The sentences that answer best: lexical evidence (share of the question's terms in the sentence)
 * plus dense evidence (cosine of the sentence vector, pooled at index time, to the question vector).
 * Costs no model call.
 */
function pickHighlights(passage: Passage, questionTerms: string[], termWeights: Map<string, number>, queryVector: Float32Array | undefined): number[] {
  const scores = passage.sentences.map((sentence, i) => {
    const lexical = termCoverage(questionTerms, passage.text.slice(sentence.start, sentence.end), termWeights);
    const vector = passage.sentenceVectors[i];
    const dense = queryVector && vector ? dot(queryVector, vector) : 0;
    return lexical + dense;
  });
  const best = Math.max(...scores);
  if (!(best > 0)) return [];
  return [scores.indexOf(best)];
}

/** Dense and lexical search, fused, merged into passages, checked for relevance, one page of them. */
export async function retrieve(
  query: Query,
  snapshot: IndexSnapshot,
  embedder: Embedder | undefined,
  options: RetrievalOptions,
  offset = 0,
): Promise<Retrieval> {
  const searchText = query.context ? `${query.context}\n${query.question}` : query.question;
  const dense = embedder && snapshot.hasVectors;
  const queryVector = dense ? await embedder.embedQuery(searchText) : undefined;
  const denseHits = queryVector ? snapshot.searchDense(queryVector, options.candidates) : [];
  const { hits: lexicalHits, termWeights } = snapshot.searchLexicalWithWeights(searchText, options.candidates);
  const fused = fuseRankings(
    [
      { labels: denseHits.map((hit) => hit.label), weight: options.denseWeight },
      { labels: lexicalHits.map((hit) => hit.label), weight: options.lexicalWeight },
    ],
    options.rrfK,
  ).slice(0, options.candidates);
  const chunks = await snapshot.chunks(fused.map((hit) => hit.label));
  const similarity = new Map(denseHits.map((hit) => [hit.label, hit.score]));
  const questionTerms = toSearchTerms(query.question);

  const relevant = mergePassages(chunks.map((chunk, i) => ({ chunk, score: fused[i]!.score })))
    .map((passage): RankedPassage => {
      const similarities = passage.chunks.map((chunk) => similarity.get(chunk.label)).filter((value) => value !== undefined);
      return {
        ...passage,
        similarity: similarities.length > 0 ? Math.max(...similarities) : undefined,
        coverage: termCoverage(questionTerms, passage.text, termWeights),
        highlights: [],
      };
    })
    .filter((passage) => passage.coverage >= options.minCoverage || (passage.similarity ?? -1) >= options.minSimilarity);

  const page = relevant.slice(offset, offset + options.topK);
  for (const passage of page) passage.highlights = pickHighlights(passage, questionTerms, termWeights, queryVector);
  return { mode: queryVector ? 'hybrid' : 'lexical', passages: page, hasMore: relevant.length > offset + options.topK };
}
