import { settingDefault } from '../config/settings.ts';
import { profileFor } from '../embed/profiles.ts';
import type { Embedder } from '../embed/types.ts';
import type { StoredChunk } from '../index/chunkStore.ts';
import type { VectorHit } from '../index/hnswIndex.ts';
import type { IndexReader, LexicalHits } from '../index/store.ts';
import { toSearchTerms } from '../text/terms.ts';
import { fuseRankings } from './fusion.ts';
import { mergePassages, type Passage } from './mergePassages.ts';
import { relevanceCoverage, termEvidence, weightedTermCoverage, type TermEvidence, type TermStatistics } from './termCoverage.ts';

export interface RetrievalOptions {
  topK: number;
  /** Hits taken from each ranking before fusion. */
  candidates: number;
  denseWeight: number;
  lexicalWeight: number;
  rrfK: number;
  /** A passage is relevant when it holds this share of the question's terms, weighted (termCoverage.ts)… */
  minCoverage: number;
  /** …or this cosine similarity to the question. Below both for every passage: "not found". */
  minSimilarity: number;
}

/** Candidates taken from each ranking: deep enough that fusion and the relevance test have a choice, small enough to read fast. */
const CANDIDATES = 40;

export const defaultRetrievalOptions: RetrievalOptions = {
  topK: settingDefault('TOP_K'),
  candidates: CANDIDATES,
  denseWeight: settingDefault('FUSION_DENSE_WEIGHT'),
  lexicalWeight: settingDefault('FUSION_LEXICAL_WEIGHT'),
  rrfK: settingDefault('FUSION_RRF_K'),
  minCoverage: settingDefault('NOT_FOUND_MIN_COVERAGE'),
  minSimilarity: profileFor(settingDefault('EMBEDDING_MODEL')).minSimilarity,
};

/** 'hybrid' is what the product runs; 'dense' and 'lexical' alone are for evaluation (and 'lexical' without a model). */
export type SearchMode = 'dense' | 'lexical' | 'hybrid';

/** An index a question searches, tagged so that each passage says which one it came from (a library). */
export interface SearchSource {
  tag: string;
  snapshot: IndexReader;
}

export interface CandidatePassage extends Passage {
  /** The tag of the source it came from. */
  source: string;
  /** Best cosine similarity of the passage's chunks to the question, when dense search found one of them. */
  similarity: number | undefined;
  /** The question's term weights in the passage's source. */
  statistics: TermStatistics;
}

export interface Candidates {
  mode: SearchMode;
  /** Every candidate passage, best first, before the relevance test. */
  passages: CandidatePassage[];
  /** The question's terms (without its follow-up context), as the relevance test reads them. */
  question: TermEvidence;
  queryVector: Float32Array | undefined;
}

export interface RankedPassage extends CandidatePassage {
  /** Share of the question's terms found in the passage, weighted (relevanceCoverage). */
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
 * The sentences that answer best: lexical evidence (the question's rarest words in the sentence)
 * plus dense evidence (cosine of the sentence vector, pooled at index time, to the question
 * vector). Costs no model call.
 */
function pickHighlights(passage: CandidatePassage, candidates: Candidates): number[] {
  const scores = passage.sentences.map((sentence, i) => {
    const lexical = weightedTermCoverage(candidates.question.terms, passage.text.slice(sentence.start, sentence.end), passage.statistics.termWeights);
    const vector = passage.sentenceVectors[i];
    const dense = candidates.queryVector && vector ? dot(candidates.queryVector, vector) : 0;
    return lexical + dense;
  });
  const best = Math.max(...scores);
  return best > 0 ? [scores.indexOf(best)] : [];
}

interface SourceHits {
  dense: VectorHit[];
  lexical: LexicalHits;
}

/**
 * The best `limit` hits over every source, each hit keyed `label × sources + source` (so that keys
 * are unique across sources and a single source keeps its labels). Cosine similarities of one model
 * compare across sources; BM25 scores of different indexes only roughly (their term statistics
 * differ), which is enough to interleave two libraries.
 */
function mergeHits(lists: Array<Array<{ label: number; score: number }>>, limit: number): Array<{ key: number; score: number }> {
  return lists
    .flatMap((hits, source) => hits.map((hit) => ({ key: hit.label * lists.length + source, score: hit.score })))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

async function searchSources(sources: readonly SearchSource[], terms: string[], queryVector: Float32Array | undefined, candidates: number): Promise<SourceHits[]> {
  return Promise.all(
    sources.map(async ({ snapshot }) => ({
      dense: queryVector && snapshot.hasVectors ? await snapshot.searchDense(queryVector, candidates) : [],
      lexical: await snapshot.searchLexical(terms, candidates),
    })),
  );
}

/** The fused candidates' chunks, read source by source, in fused order. */
async function readChunks(sources: readonly SearchSource[], keys: number[]): Promise<Array<{ chunk: StoredChunk; source: number }>> {
  const n = sources.length;
  const read = new Map<number, StoredChunk>();
  for (let source = 0; source < n; source += 1) {
    const wanted = keys.filter((key) => key % n === source);
    if (wanted.length === 0) continue;
    const chunks = await sources[source]!.snapshot.chunks(wanted.map((key) => Math.floor(key / n)));
    wanted.forEach((key, i) => read.set(key, chunks[i]!));
  }
  return keys.map((key) => ({ chunk: read.get(key)!, source: key % n }));
}

/** Dense and lexical search over every source, fused and merged into passages, best first: every candidate, before the relevance test. */
export async function rankPassages(
  query: Query,
  sources: readonly SearchSource[],
  embedder: Embedder | undefined,
  options: RetrievalOptions,
  mode: SearchMode = embedder && sources.some((source) => source.snapshot.hasVectors) ? 'hybrid' : 'lexical',
): Promise<Candidates> {
  if (mode !== 'lexical' && !(embedder && sources.some((source) => source.snapshot.hasVectors))) {
    throw new RangeError(`${mode} search needs a model and an index with vectors`);
  }
  const searchText = query.context ? `${query.context}\n${query.question}` : query.question;
  const queryVector = mode !== 'lexical' ? await embedder!.embedQuery(searchText) : undefined;
  // Dense-only evaluation still runs the lexical search: highlights read its term weights.
  const hits = await searchSources(sources, toSearchTerms(searchText, { query: true }), queryVector, options.candidates);
  const dense = mergeHits(hits.map((source) => source.dense), options.candidates);
  const lexical = mode === 'dense' ? [] : mergeHits(hits.map((source) => source.lexical.hits), options.candidates);
  const fused = fuseRankings(
    [
      { labels: dense.map((hit) => hit.key), weight: mode === 'hybrid' ? options.denseWeight : 1 },
      { labels: lexical.map((hit) => hit.key), weight: mode === 'hybrid' ? options.lexicalWeight : 1 },
    ],
    options.rrfK,
  ).slice(0, options.candidates);
  const chunks = await readChunks(sources, fused.map((hit) => hit.label));
  const similarity = new Map(dense.map((hit) => [hit.key, hit.score]));
  const n = sources.length;
  const scored = chunks.map(({ chunk, source }, i) => ({ chunk, score: fused[i]!.score, source: sources[source]!.tag }));
  const passages = mergePassages(scored).map((passage): CandidatePassage => {
    const source = sources.findIndex((candidate) => candidate.tag === passage.source);
    const similarities = passage.chunks.map((chunk) => similarity.get(chunk.label * n + source)).filter((value) => value !== undefined);
    return {
      ...passage,
      source: passage.source ?? '',
      similarity: similarities.length > 0 ? Math.max(...similarities) : undefined,
      statistics: hits[source]!.lexical,
    };
  });
  return { mode, passages, question: termEvidence(query.question, { query: true }), queryVector };
}

/** The relevance test: enough of the question's terms, or a close enough meaning. */
export function isRelevant(coverage: number, similarity: number | undefined, options: RetrievalOptions): boolean {
  return coverage >= options.minCoverage || (similarity ?? -1) >= options.minSimilarity;
}

/** The passage's share of the question's terms (relevanceCoverage). */
export function coverageOf(candidates: Candidates, passage: CandidatePassage): number {
  return relevanceCoverage(candidates.question, termEvidence(passage.text), passage.statistics);
}

/**
 * One page of relevant passages, with their answering sentences. The question is answered when one
 * of the first `topK` candidates passes the relevance test (a weak match deep in the list is no
 * answer); then every candidate that passes is a result. Coverage is computed only as far as the page needs.
 */
export async function retrieve(
  query: Query,
  sources: readonly SearchSource[],
  embedder: Embedder | undefined,
  options: RetrievalOptions,
  offset = 0,
): Promise<Retrieval> {
  const candidates = await rankPassages(query, sources, embedder, options);
  const mode = candidates.mode === 'hybrid' ? 'hybrid' : 'lexical';
  const relevant: RankedPassage[] = [];
  for (const [rank, passage] of candidates.passages.entries()) {
    if (relevant.length > offset + options.topK) break;
    if (rank === options.topK && relevant.length === 0) return { mode, passages: [], hasMore: false };
    const coverage = coverageOf(candidates, passage);
    if (isRelevant(coverage, passage.similarity, options)) relevant.push({ ...passage, coverage, highlights: [] });
  }
  const page = relevant.slice(offset, offset + options.topK);
  for (const passage of page) passage.highlights = pickHighlights(passage, candidates);
  return { mode, passages: page, hasMore: relevant.length > offset + options.topK };
}
