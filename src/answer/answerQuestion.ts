import type { Span } from '../chunk/types.ts';
import type { Embedder } from '../embed/types.ts';
import { retrieve, type RankedPassage, type RetrievalOptions, type SearchSource } from '../search/retrieve.ts';
import type { UiLanguage } from './strings.ts';

export type { Span } from '../chunk/types.ts';

export interface Citation {
  /** The library the article is in (the tag of the index it came from: 'shared' or 'server'). */
  library: string;
  articleId: string;
  title: string;
  section: string | undefined;
  paragraphs: number[];
  url: string | undefined;
  source: string | undefined;
  published: string | undefined;
}

export interface AnswerPassage {
  chunkIds: string[];
  /** Labels of the passage's chunks in the generation that answered: a stable reference to what was shown. */
  labels: number[];
  /** The article's own words (not the normalized matching form); paragraphs separated by a blank line. */
  text: string;
  /** Sentence spans of `text`, in order. */
  sentences: Span[];
  /** Spans of `text` that best answer the question. */
  highlights: Span[];
  /** The paragraph holding the first answering sentence (what "full paragraph" shows). */
  answeringParagraph: number | undefined;
  /** Language of the passage's article. */
  language: string;
  /** Fused retrieval score (higher is better), and the evidence behind the relevance test. */
  score: number;
  similarity: number | undefined;
  coverage: number;
  citation: Citation;
}

/** A transport-independent answer: what the terminal prints and the Discord layer renders. */
export interface Answer {
  question: string;
  language: UiLanguage;
  status: 'answered' | 'not-found' | 'empty-index';
  passages: AnswerPassage[];
  /** Rank of the first passage (0 for the first page). */
  offset: number;
  hasMore: boolean;
  /** 'lexical' when the model was unavailable and only keyword search ran. */
  mode: 'hybrid' | 'lexical';
  /** When nothing was found: titles of what the index holds, so the asker knows what can be asked. */
  articles: Array<{ id: string; title: string }>;
  /** The index generations that answered, as one id ({@link generationOf}); an answer from older ones may be stale. */
  generation: string;
}

/** One id for the generations of the indexes a question searched: it changes when any of them does. */
export function generationOf(sources: ReadonlyArray<{ tag: string; generation: string }>): string {
  return sources.map((source) => `${source.tag}=${source.generation}`).join(';');
}

export interface AnswerRequest {
  question: string;
  language: UiLanguage;
  context?: string | undefined;
  offset?: number;
}

/** The answer when there is nothing to search: no index yet, or one without chunks. */
export function emptyIndexAnswer(request: AnswerRequest, mode: Answer['mode'], generation: string): Answer {
  return {
    question: request.question,
    language: request.language,
    status: 'empty-index',
    passages: [],
    offset: request.offset ?? 0,
    hasMore: false,
    mode,
    articles: [],
    generation,
  };
}

/** The paragraph (of `paragraphs`, one per blank-line-separated block of `text`) that holds the first highlight. */
export function answeringParagraph(passage: Pick<AnswerPassage, 'text' | 'highlights'> & { citation: Pick<Citation, 'paragraphs'> }): number | undefined {
  const first = passage.highlights[0]?.start ?? 0;
  const index = (passage.text.slice(0, first).match(/\n\s*\n/gu) ?? []).length;
  return passage.citation.paragraphs[index] ?? passage.citation.paragraphs[0];
}

function answerPassage(passage: RankedPassage, sources: readonly SearchSource[]): AnswerPassage {
  const article = sources.find((source) => source.tag === passage.source)?.snapshot.article(passage.articleId);
  const highlights = passage.highlights.map((index) => passage.sentences[index]!);
  const citation: Citation = {
    library: passage.source,
    articleId: passage.articleId,
    title: article?.title ?? passage.articleId,
    section: passage.section,
    paragraphs: passage.paragraphs,
    url: article?.url,
    source: article?.source,
    published: article?.published,
  };
  return {
    chunkIds: passage.chunks.map((chunk) => chunk.id),
    labels: passage.chunks.map((chunk) => chunk.label),
    text: passage.text,
    sentences: passage.sentences,
    highlights,
    answeringParagraph: answeringParagraph({ text: passage.text, highlights, citation }),
    language: article?.language ?? 'ar',
    score: passage.score,
    similarity: passage.similarity,
    coverage: passage.coverage,
    citation,
  };
}

/** Answers a question from every source (a server's library and the shared one, say), in one ranking. */
export async function answerQuestion(
  request: AnswerRequest,
  sources: readonly SearchSource[],
  embedder: Embedder | undefined,
  options: RetrievalOptions,
): Promise<Answer> {
  const offset = request.offset ?? 0;
  const generation = generationOf(sources.map((source) => ({ tag: source.tag, generation: source.snapshot.generation })));
  const searchable = sources.filter((source) => source.snapshot.chunkCount > 0);
  if (searchable.length === 0) return emptyIndexAnswer(request, embedder ? 'hybrid' : 'lexical', generation);
  const retrieval = await retrieve({ question: request.question, context: request.context }, searchable, embedder, options, offset);
  const passages = retrieval.passages.map((passage) => answerPassage(passage, searchable));
  return {
    question: request.question,
    language: request.language,
    status: passages.length > 0 || offset > 0 ? 'answered' : 'not-found',
    passages,
    offset,
    hasMore: retrieval.hasMore,
    mode: retrieval.mode,
    articles: passages.length > 0 ? [] : searchable.flatMap((source) => source.snapshot.articles.map((article) => ({ id: article.id, title: article.title }))),
    generation,
  };
}
