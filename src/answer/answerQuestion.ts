import type { Span } from '../chunk/types.ts';
import type { Embedder } from '../embed/types.ts';
import type { IndexSnapshot } from '../index/indexSnapshot.ts';
import { retrieve, type RetrievalOptions } from '../search/retrieve.ts';
import type { UiLanguage } from './strings.ts';

export interface Citation {
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
  /** The article's own words (not the normalized matching form). */
  text: string;
  /** Spans of `text` that best answer the question. */
  highlights: Span[];
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
  /** The index generation that answered; an answer from an older one may be stale. */
  generation: string;
}

export interface AnswerRequest {
  question: string;
  language: UiLanguage;
  context?: string | undefined;
  offset?: number;
}

export async function answerQuestion(
  request: AnswerRequest,
  snapshot: IndexSnapshot,
  embedder: Embedder | undefined,
  options: RetrievalOptions,
): Promise<Answer> {
  const offset = request.offset ?? 0;
  const generation = snapshot.manifest.createdAt;
  const base = { question: request.question, language: request.language, offset, generation };
  const listing = snapshot.articles.map((article) => ({ id: article.id, title: article.title }));
  if (snapshot.chunkCount === 0) {
    return { ...base, status: 'empty-index', passages: [], hasMore: false, mode: embedder ? 'hybrid' : 'lexical', articles: [] };
  }
  const retrieval = await retrieve({ question: request.question, context: request.context }, snapshot, embedder, options, offset);
  const passages = retrieval.passages.map((passage): AnswerPassage => {
    const article = snapshot.article(passage.articleId);
    return {
      chunkIds: passage.chunks.map((chunk) => chunk.id),
      text: passage.text,
      highlights: passage.highlights.map((index) => passage.sentences[index]!),
      language: article?.language ?? 'ar',
      score: passage.score,
      similarity: passage.similarity,
      coverage: passage.coverage,
      citation: {
        articleId: passage.articleId,
        title: article?.title ?? passage.articleId,
        section: passage.section,
        paragraphs: passage.paragraphs,
        url: article?.url,
        source: article?.source,
        published: article?.published,
      },
    };
  });
  return {
    ...base,
    status: passages.length > 0 || offset > 0 ? 'answered' : 'not-found',
    passages,
    hasMore: retrieval.hasMore,
    mode: retrieval.mode,
    articles: passages.length > 0 ? [] : listing,
  };
}
