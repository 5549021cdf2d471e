import { createHash } from 'node:crypto';
import { settingDefault } from '../config/settings.ts';
import type { MappedText } from '../corpus/mappedText.ts';
import type { Article } from '../corpus/types.ts';
import { splitSentences } from '../text/sentences.ts';
import { estimateTokens } from './estimateTokens.ts';
import type { Chunk, Span } from './types.ts';

/** The chunker settings an index records: chunks of other settings do not match. */
export interface ChunkSettings {
  /** Token budget of one chunk (as counted by countTokens). */
  maxTokens: number;
  /** Sentences repeated at the start of a chunk from the end of the previous one, inside a long paragraph. */
  overlapSentences: number;
}

export interface ChunkOptions extends ChunkSettings {
  /**
   * A paragraph gets a chunk of its own, for precise citations, unless the chunk would stay under
   * this many tokens: a one-line paragraph is packed with the next one of its section instead.
   * Default: a quarter of maxTokens.
   */
  minTokens: number;
  countTokens: (text: string) => number;
}

export const defaultChunkOptions: Omit<ChunkOptions, 'minTokens'> = {
  maxTokens: settingDefault('CHUNK_MAX_TOKENS'),
  overlapSentences: settingDefault('CHUNK_OVERLAP_SENTENCES'),
  countTokens: estimateTokens,
};

interface Paragraph {
  number: number;
  section: string | undefined;
  content: MappedText;
  sentences: Span[];
  tokens: number[];
}

/** A run of whole sentences [from, to) of one paragraph. */
interface Piece {
  paragraph: Paragraph;
  from: number;
  to: number;
}

function validate(options: ChunkOptions): void {
  if (!Number.isInteger(options.maxTokens) || options.maxTokens < 8) throw new RangeError('maxTokens must be an integer >= 8');
  if (!Number.isInteger(options.overlapSentences) || options.overlapSentences < 0) {
    throw new RangeError('overlapSentences must be an integer >= 0');
  }
  if (!(options.minTokens >= 0 && options.minTokens <= options.maxTokens)) throw new RangeError('minTokens must be between 0 and maxTokens');
}

/** Cuts a sentence that alone exceeds the budget at commas or, failing that, between words. */
function splitLongSentence(text: string, span: Span, options: ChunkOptions): Span[] {
  const cut = (pattern: RegExp, from: Span): Span[] => {
    const parts: Span[] = [];
    let start = from.start;
    for (const match of text.slice(from.start, from.end).matchAll(pattern)) {
      const end = Math.min(from.start + match.index + match[0].length, from.end);
      if (end > start) parts.push({ start, end });
      start = end;
    }
    if (start < from.end) parts.push({ start, end: from.end });
    return parts.filter((part) => text.slice(part.start, part.end).trim().length > 0);
  };
  const fits = (part: Span) => options.countTokens(text.slice(part.start, part.end)) <= options.maxTokens;
  const packed: Span[] = [];
  for (const clause of cut(/[،,؛;:]\s+/gu, span)) {
    const pieces = fits(clause) ? [clause] : cut(/\s+/gu, clause);
    for (const piece of pieces) {
      const last = packed[packed.length - 1];
      if (last && fits({ start: last.start, end: piece.end })) last.end = piece.end;
      else packed.push({ ...piece });
    }
  }
  return packed.map((part) => {
    const slice = text.slice(part.start, part.end);
    const start = part.start + (slice.length - slice.trimStart().length);
    return { start, end: start + slice.trim().length };
  });
}

function paragraphsOf(article: Article, options: ChunkOptions): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let section: string | undefined;
  for (const block of article.blocks) {
    if (block.kind === 'heading') {
      section = block.content.text;
      continue;
    }
    const text = block.content.text;
    const sentences = splitSentences(text).flatMap((sentence) =>
      options.countTokens(text.slice(sentence.start, sentence.end)) > options.maxTokens ? splitLongSentence(text, sentence, options) : [sentence],
    );
    if (sentences.length === 0) continue;
    paragraphs.push({
      number: paragraphs.length + 1,
      section,
      content: block.content,
      sentences,
      tokens: sentences.map((sentence) => options.countTokens(text.slice(sentence.start, sentence.end))),
    });
  }
  return paragraphs;
}

function sum(values: number[], from = 0, to = values.length): number {
  let total = 0;
  for (let i = from; i < to; i += 1) total += values[i]!;
  return total;
}

/** Sentence windows over a paragraph longer than the budget, neighbours sharing `overlapSentences`. */
function windows(paragraph: Paragraph, options: ChunkOptions): Piece[] {
  const pieces: Piece[] = [];
  let from = 0;
  while (from < paragraph.sentences.length) {
    let to = from + 1;
    while (to < paragraph.sentences.length && sum(paragraph.tokens, from, to + 1) <= options.maxTokens) to += 1;
    pieces.push({ paragraph, from, to });
    if (to >= paragraph.sentences.length) break;
    from = Math.max(from + 1, to - options.overlapSentences);
  }
  return pieces;
}

function buildChunk(article: Article, pieces: Piece[]): Omit<Chunk, 'id'> {
  let content: MappedText | undefined;
  const sentences: Span[] = [];
  for (const { paragraph, from, to } of pieces) {
    const start = paragraph.sentences[from]!.start;
    const piece = paragraph.content.slice(start, paragraph.sentences[to - 1]!.end);
    const base = content ? content.length + 2 : 0;
    for (const sentence of paragraph.sentences.slice(from, to)) {
      sentences.push({ start: base + sentence.start - start, end: base + sentence.end - start });
    }
    content = content ? content.join(piece, '\n\n') : piece;
  }
  const text = content!;
  return {
    articleId: article.id,
    section: pieces[0]!.paragraph.section,
    paragraphs: [...new Set(pieces.map((piece) => piece.paragraph.number))],
    text: text.text,
    sentences,
    span: text.originalSpan(0, text.length),
  };
}

/**
 * Cuts an article into citable chunks of whole sentences within a token budget: a paragraph per
 * chunk, a one-line paragraph packed with the next one of its section, a long paragraph cut into
 * overlapping sentence windows; a chunk never crosses a section heading.
 */
export function chunkArticle(article: Article, options: Partial<ChunkOptions> = {}): Chunk[] {
  const merged = { ...defaultChunkOptions, ...options };
  const settings: ChunkOptions = { ...merged, minTokens: options.minTokens ?? Math.floor(merged.maxTokens / 4) };
  validate(settings);
  const groups: Piece[][] = [];
  let current: Piece[] = [];
  let currentTokens = 0;
  const flush = () => {
    if (current.length > 0) groups.push(current);
    current = [];
    currentTokens = 0;
  };
  for (const paragraph of paragraphsOf(article, settings)) {
    const tokens = sum(paragraph.tokens);
    const packable = currentTokens < settings.minTokens && currentTokens + tokens <= settings.maxTokens;
    if (current.length > 0 && (current[0]!.paragraph.section !== paragraph.section || !packable)) flush();
    if (tokens <= settings.maxTokens) {
      current.push({ paragraph, from: 0, to: paragraph.sentences.length });
      currentTokens += tokens;
    } else {
      for (const piece of windows(paragraph, settings)) groups.push([piece]);
    }
  }
  flush();

  const ids = new Set<string>();
  return groups.map((pieces) => {
    const chunk = buildChunk(article, pieces);
    const digest = createHash('sha256').update(`${article.id}\n${chunk.text}`).digest('hex');
    let id = `${article.id}:${digest.slice(0, 12)}`;
    for (let n = 2; ids.has(id); n += 1) id = `${article.id}:${digest.slice(0, 12)}-${n}`;
    ids.add(id);
    return { id, ...chunk };
  });
}
