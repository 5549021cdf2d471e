import type { Span } from '../chunk/types.ts';
import type { StoredChunk } from '../index/chunkStore.ts';

export interface ScoredChunk {
  chunk: StoredChunk;
  /** Fused score: higher is better. */
  score: number;
  /** The index the chunk came from, when there are several: chunks of two indexes never merge. */
  source?: string;
}

/** One passage to show: one chunk, or neighbouring chunks of one paragraph joined without repeating their overlap. */
export interface Passage {
  chunks: StoredChunk[];
  source: string | undefined;
  articleId: string;
  section: string | undefined;
  paragraphs: number[];
  text: string;
  sentences: Span[];
  sentenceVectors: Array<Int8Array | null>;
  score: number;
}

function sharesParagraph(a: ScoredChunk, b: ScoredChunk): boolean {
  return a.source === b.source && a.chunk.articleId === b.chunk.articleId && a.chunk.paragraphs.some((paragraph) => b.chunk.paragraphs.includes(paragraph));
}

function join(chunks: StoredChunk[], score: number, source: string | undefined): Passage {
  const ordered = [...chunks].sort((a, b) => a.label - b.label);
  let text = '';
  const sentences: Span[] = [];
  const sentenceVectors: Array<Int8Array | null> = [];
  const seen = new Set<string>();
  ordered.forEach((chunk, index) => {
    const previous = ordered[index - 1];
    const separator = !previous ? '' : previous.paragraphs.at(-1) === chunk.paragraphs[0] ? ' ' : '\n\n';
    let first = true;
    chunk.sentences.forEach((sentence, i) => {
      const sentenceText = chunk.text.slice(sentence.start, sentence.end);
      // Windows of one paragraph share a sentence: keep it once.
      if (seen.has(sentenceText)) return;
      seen.add(sentenceText);
      const gap = first ? separator : chunk.text.slice(chunk.sentences[i - 1]!.end, sentence.start) || ' ';
      first = false;
      text += text ? gap : '';
      sentences.push({ start: text.length, end: text.length + sentenceText.length });
      sentenceVectors.push(chunk.sentenceVectors[i] ?? null);
      text += sentenceText;
    });
  });
  return {
    chunks: ordered,
    source,
    articleId: ordered[0]!.articleId,
    section: ordered[0]!.section,
    paragraphs: [...new Set(ordered.flatMap((chunk) => chunk.paragraphs))].sort((a, b) => a - b),
    text,
    sentences,
    sentenceVectors,
    score,
  };
}

/**
 * Groups ranked chunks into passages: chunks of the same article that share a paragraph (the
 * overlapping windows of a long paragraph) become one passage, placed where its best chunk ranked.
 */
export function mergePassages(ranked: ScoredChunk[]): Passage[] {
  const groups: ScoredChunk[][] = [];
  for (const candidate of ranked) {
    const group = groups.find((members) => members.some((member) => sharesParagraph(member, candidate)));
    if (group) group.push(candidate);
    else groups.push([candidate]);
  }
  return groups.map((members) => join(members.map((member) => member.chunk), Math.max(...members.map((member) => member.score)), members[0]!.source));
}
