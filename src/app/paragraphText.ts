import type { Citation } from '../answer/answerQuestion.ts';
import type { Span } from '../chunk/types.ts';
import type { StoredChunk } from '../index/chunkStore.ts';
import type { IndexReader } from '../index/store.ts';
import { splitSentences } from '../text/sentences.ts';
import { shortKey } from './keys.ts';
import type { LibraryTag } from './scope.ts';

export interface ParagraphText {
  text: string;
  section: string | undefined;
}

/** The sentences of one paragraph inside one chunk (a chunk's paragraphs are separated by a blank line). */
function sentencesOf(chunk: StoredChunk, paragraph: number): string[] {
  const index = chunk.paragraphs.indexOf(paragraph);
  const blocks: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const match of chunk.text.matchAll(/\n\s*\n/gu)) {
    blocks.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  blocks.push({ start, end: chunk.text.length });
  const block = blocks[index];
  if (!block) return [];
  return chunk.sentences.filter((s) => s.start >= block.start && s.end <= block.end).map((s) => chunk.text.slice(s.start, s.end));
}

/**
 * Joins the windows of one paragraph in reading order. A long paragraph is split into chunks that
 * overlap by a sentence or more (CHUNK_OVERLAP_SENTENCES): the overlap is kept once.
 */
export function joinWindows(windows: string[][]): string {
  const kept: string[] = [];
  for (const window of windows) {
    let overlap = Math.min(kept.length, window.length);
    while (overlap > 0 && !window.slice(0, overlap).every((sentence, i) => sentence === kept[kept.length - overlap + i])) overlap -= 1;
    kept.push(...window.slice(overlap));
  }
  return kept.join(' ');
}

/** A paragraph of an indexed article in full, from the chunks that hold it; undefined when none does. */
export async function paragraphText(snapshot: IndexReader, articleId: string, paragraph: number): Promise<ParagraphText | undefined> {
  const labels = snapshot.article(articleId)?.labels ?? [];
  const chunks = (await snapshot.chunks(labels)).filter((chunk) => chunk.paragraphs.includes(paragraph)).sort((a, b) => a.label - b.label);
  const text = joinWindows(chunks.map((chunk) => sentencesOf(chunk, paragraph)));
  return text ? { text, section: chunks[0]!.section } : undefined;
}

export interface ParagraphRequest {
  /** Short keys ({@link shortKey}) of the generations the button was made for and of the article. */
  generation: string;
  /** The library the passage came from. */
  library: LibraryTag;
  article: string;
  paragraph: number;
}

export type ParagraphResult =
  /** The index changed since: the caller answers the question again. */
  | { status: 'stale' }
  | { status: 'gone' }
  | { status: 'found'; text: string; sentences: Span[]; citation: Citation };

/** "Full paragraph": one paragraph of an article, with its citation, from the live generation of its library. */
export async function fullParagraph(snapshot: IndexReader | undefined, request: ParagraphRequest): Promise<ParagraphResult> {
  if (!snapshot) return { status: 'gone' };
  const entry = snapshot.articles.find((article) => shortKey(article.id) === request.article);
  const paragraph = entry && (await paragraphText(snapshot, entry.id, request.paragraph));
  if (!entry || !paragraph) return { status: 'gone' };
  return {
    status: 'found',
    text: paragraph.text,
    sentences: splitSentences(paragraph.text),
    citation: {
      library: request.library,
      articleId: entry.id,
      title: entry.title,
      section: paragraph.section,
      paragraphs: [request.paragraph],
      url: entry.url,
      source: entry.source,
      published: entry.published,
    },
  };
}
