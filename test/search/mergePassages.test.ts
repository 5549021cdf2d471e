import { describe, expect, it } from 'vitest';
import type { StoredChunk } from '../../src/index/chunkStore.ts';
import { mergePassages } from '../../src/search/mergePassages.ts';

function chunk(label: number, articleId: string, paragraphs: number[], sentences: string[]): StoredChunk {
  let text = '';
  const spans = sentences.map((sentence) => {
    if (text) text += ' ';
    const start = text.length;
    text += sentence;
    return { start, end: text.length };
  });
  return {
    label,
    id: `${articleId}:${label}`,
    articleId,
    section: undefined,
    paragraphs,
    text,
    sentences: spans,
    span: { start: 0, end: text.length },
    sentenceVectors: sentences.map(() => null),
  };
}

describe('mergePassages', () => {
  it('joins overlapping windows of one paragraph into one passage without repeating the shared sentence', () => {
    const first = chunk(4, 'a', [3], ['One.', 'Two.', 'Three.']);
    const second = chunk(5, 'a', [3], ['Three.', 'Four.']);
    const [passage, ...rest] = mergePassages([
      { chunk: second, score: 0.9 },
      { chunk: first, score: 0.5 },
    ]);
    expect(rest).toEqual([]);
    expect(passage!.text).toBe('One. Two. Three. Four.');
    expect(passage!.sentences.map((span) => passage!.text.slice(span.start, span.end))).toEqual(['One.', 'Two.', 'Three.', 'Four.']);
    expect(passage!.score).toBe(0.9);
    expect(passage!.chunks.map((c) => c.label)).toEqual([4, 5]);
  });

  it('keeps chunks of other paragraphs and other articles apart, in rank order', () => {
    const passages = mergePassages([
      { chunk: chunk(1, 'a', [1], ['Alpha.']), score: 0.9 },
      { chunk: chunk(2, 'a', [2], ['Beta.']), score: 0.8 },
      { chunk: chunk(1, 'b', [1], ['Gamma.']), score: 0.7 },
    ]);
    expect(passages.map((passage) => passage.text)).toEqual(['Alpha.', 'Beta.', 'Gamma.']);
  });

  it('merges a chunk that spans two paragraphs with a window of the second, keeping the paragraph break', () => {
    const packed = chunk(1, 'a', [1, 2], ['Short paragraph.', 'Long one starts.']);
    packed.text = 'Short paragraph.\n\nLong one starts.';
    packed.sentences = [
      { start: 0, end: 16 },
      { start: 18, end: 34 },
    ];
    const window = chunk(2, 'a', [2], ['Long one starts.', 'And goes on.']);
    const [passage] = mergePassages([
      { chunk: window, score: 0.6 },
      { chunk: packed, score: 0.4 },
    ]);
    expect(passage!.text).toBe('Short paragraph.\n\nLong one starts. And goes on.');
    expect(passage!.paragraphs).toEqual([1, 2]);
  });
});
