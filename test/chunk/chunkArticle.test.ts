import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkArticle, defaultChunkOptions, type ChunkOptions } from '../../src/chunk/chunkArticle.ts';
import { estimateTokens } from '../../src/chunk/estimateTokens.ts';
import type { Chunk } from '../../src/chunk/types.ts';
import { MappedText } from '../../src/corpus/mappedText.ts';
import { parseArticle } from '../../src/corpus/parseArticle.ts';
import type { Article, Block } from '../../src/corpus/types.ts';

const SEED_FILE = '2024-11-13-us-vows-response-north-korea-russia-ukraine.md';
const seed = parseArticle(fs.readFileSync(new URL(`../../corpus/${SEED_FILE}`, import.meta.url)), SEED_FILE);

/** An article whose blocks are the given headings and paragraphs, separated by blank lines in the original. */
function articleOf(blocks: Array<[Block['kind'], string]>, id = 'brussels-summit'): Article {
  const original = blocks.map(([, text]) => text).join('\n\n');
  let start = 0;
  return {
    id,
    file: `${id}.md`,
    format: 'markdown',
    meta: { title: 'Brussels summit', language: 'en' },
    contentHash: 'not used',
    original,
    blocks: blocks.map(([kind, text]) => {
      const content = MappedText.fromOriginal(original, start, start + text.length);
      start += text.length + 2;
      return { kind, content };
    }),
  };
}

/** One token per word: budgets in these tests read as word counts. */
const countWords = (text: string): number => text.split(/\s+/u).filter(Boolean).length;
const byWords = (options: Partial<ChunkOptions>): Partial<ChunkOptions> => ({ countTokens: countWords, ...options });
const texts = (chunks: Chunk[]): string[] => chunks.map((chunk) => chunk.text);
const sentencesOf = (chunk: Chunk): string[] => chunk.sentences.map(({ start, end }) => chunk.text.slice(start, end));
const words = (text: string): string[] => text.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);

describe('chunkArticle', () => {
  describe('paragraphs and sections', () => {
    it('gives a paragraph of minTokens or more a chunk of its own', () => {
      const article = articleOf([
        ['paragraph', 'Foreign ministers met in Brussels on Thursday.'],
        ['paragraph', 'They agreed to send more air defence systems.'],
      ]);

      expect(texts(chunkArticle(article, byWords({ maxTokens: 50, minTokens: 5 })))).toEqual([
        'Foreign ministers met in Brussels on Thursday.',
        'They agreed to send more air defence systems.',
      ]);
    });

    it('packs a paragraph under minTokens with the next one of its section', () => {
      const article = articleOf([
        ['paragraph', 'وصل الوزراء.'],
        ['paragraph', 'وبدأت المحادثات في بروكسل مساء الأربعاء.'],
        ['paragraph', 'واتفق الوزراء على إرسال المزيد من أنظمة الدفاع الجوي.'],
      ]);
      const chunks = chunkArticle(article, byWords({ maxTokens: 50, minTokens: 5 }));

      expect(chunks.map((chunk) => [chunk.paragraphs, chunk.text])).toEqual([
        [[1, 2], 'وصل الوزراء.\n\nوبدأت المحادثات في بروكسل مساء الأربعاء.'],
        [[3], 'واتفق الوزراء على إرسال المزيد من أنظمة الدفاع الجوي.'],
      ]);
    });

    it('packs short paragraphs only as far as the budget allows', () => {
      const article = articleOf([
        ['paragraph', 'Ministers met on Thursday.'],
        ['paragraph', 'Talks lasted two days.'],
        ['paragraph', 'Germany sent two batteries.'],
      ]);

      expect(chunkArticle(article, byWords({ maxTokens: 8, minTokens: 8 })).map((chunk) => chunk.paragraphs)).toEqual([[1, 2], [3]]);
    });

    it('never crosses a heading and never makes a chunk of a heading', () => {
      const article = articleOf([
        ['paragraph', 'Ministers met.'],
        ['heading', 'Air defence'],
        ['paragraph', 'They agreed on more systems.'],
        ['heading', 'Budget'],
        ['heading', 'Next year'],
        ['paragraph', 'The budget will grow.'],
        ['heading', 'Closing words'],
      ]);
      const chunks = chunkArticle(article, byWords({ maxTokens: 50, minTokens: 50 }));

      expect(chunks.map((chunk) => [chunk.section, chunk.text])).toEqual([
        [undefined, 'Ministers met.'],
        ['Air defence', 'They agreed on more systems.'],
        ['Next year', 'The budget will grow.'],
      ]);
    });

    it('numbers paragraphs from 1, headings aside', () => {
      const article = articleOf([
        ['heading', 'تصعيد كبير'],
        ['paragraph', 'وصل الجنود إلى كورسك.'],
        ['heading', 'توازن القوى'],
        ['paragraph', 'قد يتغير توازن القوى.'],
        ['paragraph', 'ويسمح هذا لروسيا بتعويض خسائرها.'],
      ]);

      expect(chunkArticle(article, byWords({ maxTokens: 50, minTokens: 1 })).map((chunk) => chunk.paragraphs)).toEqual([[1], [2], [3]]);
    });
  });

  describe('long paragraphs and sentences', () => {
    const fiveSentences = articleOf([['paragraph', 'وصل الوزراء أمس. بدأت المحادثات مساءً. استمرت يومين كاملين. اتفقوا على الدعم. عادوا إلى بلدانهم.']]);

    it('cuts a paragraph over the budget into windows of whole sentences sharing overlapSentences', () => {
      expect(texts(chunkArticle(fiveSentences, byWords({ maxTokens: 8, minTokens: 0, overlapSentences: 1 })))).toEqual([
        'وصل الوزراء أمس. بدأت المحادثات مساءً.',
        'بدأت المحادثات مساءً. استمرت يومين كاملين.',
        'استمرت يومين كاملين. اتفقوا على الدعم.',
        'اتفقوا على الدعم. عادوا إلى بلدانهم.',
      ]);
    });

    it('cuts windows side by side with no overlap', () => {
      expect(texts(chunkArticle(fiveSentences, byWords({ maxTokens: 8, minTokens: 0, overlapSentences: 0 })))).toEqual([
        'وصل الوزراء أمس. بدأت المحادثات مساءً.',
        'استمرت يومين كاملين. اتفقوا على الدعم.',
        'عادوا إلى بلدانهم.',
      ]);
    });

    it('cuts a sentence over the budget at its commas', () => {
      const article = articleOf([['paragraph', 'قال الوزير إن المحادثات طويلة، وإن الاتفاق قريب جدا، وإن الحلفاء متفقون على الدعم.']]);

      expect(texts(chunkArticle(article, byWords({ maxTokens: 8, minTokens: 0 })))).toEqual([
        'قال الوزير إن المحادثات طويلة،',
        'وإن الاتفاق قريب جدا،',
        'وإن الحلفاء متفقون على الدعم.',
      ]);
    });

    it('cuts a sentence without commas at the budget', () => {
      const article = articleOf([
        ['paragraph', 'The ministers of thirty countries met for two days in Brussels to discuss air defence systems and the budget of the alliance.'],
      ]);

      expect(texts(chunkArticle(article, byWords({ maxTokens: 8, minTokens: 0, overlapSentences: 0 })))).toEqual([
        'The ministers of thirty countries met for two',
        'days in Brussels to discuss air defence systems',
        'and the budget of the alliance.',
      ]);
    });

    // BUG (src/chunk/chunkArticle.ts, splitLongSentence, cut(): `end < from.end`): the last word of a comma clause
    // that is itself cut between words is in no piece ("days," here), so it falls out of the chunks, or is in a
    // chunk's text but in none of its sentences, over the budget.
    it('loses no word when it cuts a clause between words', () => {
      const article = articleOf([['paragraph', 'Ministers from thirty countries met for two long days, and they agreed on more military aid.']]);
      const chunks = chunkArticle(article, byWords({ maxTokens: 8, minTokens: 0, overlapSentences: 0 }));

      expect(chunks.flatMap((chunk) => words(chunk.text))).toEqual(words(article.original));
      for (const chunk of chunks) expect(sentencesOf(chunk).flatMap(words)).toEqual(words(chunk.text));
    });

    it('keeps a single word over the budget whole, the one case where a chunk exceeds it', () => {
      const article = articleOf([['paragraph', 'It is called Pneumonoultramicroscopicsilicovolcanoconiosis.']]);
      const chunks = chunkArticle(article, { maxTokens: 8, minTokens: 0 });

      expect(texts(chunks)).toEqual(['It is called', 'Pneumonoultramicroscopicsilicovolcanoconiosis.']);
      expect(estimateTokens(chunks[1]!.text)).toBeGreaterThan(8);
    });

    it('stays within maxTokens, as counted by countTokens, at any budget', () => {
      for (const maxTokens of [12, 20, 50, 200]) {
        for (const overlapSentences of [0, 2]) {
          const options = { maxTokens, overlapSentences };
          for (const chunk of chunkArticle(seed, options)) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(maxTokens);
          for (const chunk of chunkArticle(seed, { ...options, countTokens: countWords })) expect(countWords(chunk.text)).toBeLessThanOrEqual(maxTokens);
        }
      }
    });
  });

  describe('what a chunk says about itself', () => {
    const article = articleOf([
      ['paragraph', 'Ministers met.'],
      ['paragraph', 'The U.S. delegation arrived late. Talks lasted 2.5 days!'],
    ]);
    const [chunk] = chunkArticle(article, byWords({ maxTokens: 50, minTokens: 5 }));

    it('gives the sentences of its text', () => {
      expect(chunk!.text).toBe('Ministers met.\n\nThe U.S. delegation arrived late. Talks lasted 2.5 days!');
      expect(sentencesOf(chunk!)).toEqual(['Ministers met.', 'The U.S. delegation arrived late.', 'Talks lasted 2.5 days!']);
    });

    it('gives its span in the original text', () => {
      expect(article.original.slice(chunk!.span.start, chunk!.span.end)).toBe(article.original);
      expect(chunk!.articleId).toBe('brussels-summit');
    });
  });

  describe('ids', () => {
    const sections = (middle: string): Article =>
      articleOf([
        ['heading', 'Arrival'],
        ['paragraph', 'The ministers arrived in Brussels on Wednesday evening.'],
        ['heading', 'Talks'],
        ['paragraph', middle],
        ['heading', 'Results'],
        ['paragraph', 'They agreed to send more air defence systems.'],
      ]);

    it('gives the same ids to the same article', () => {
      const ids = chunkArticle(sections('The talks lasted two days.')).map((chunk) => chunk.id);

      expect(chunkArticle(sections('The talks lasted two days.')).map((chunk) => chunk.id)).toEqual(ids);
      for (const id of ids) expect(id).toMatch(/^brussels-summit:[0-9a-f]{12}$/u);
    });

    it('changes only the id of the chunk whose paragraph changed', () => {
      const before = chunkArticle(sections('The talks lasted two days.')).map((chunk) => chunk.id);
      const after = chunkArticle(sections('The talks lasted three days.')).map((chunk) => chunk.id);

      expect(after).toHaveLength(3);
      expect(after[0]).toBe(before[0]);
      expect(after[1]).not.toBe(before[1]);
      expect(after[2]).toBe(before[2]);
    });

    it('gives unique ids to chunks with the same text', () => {
      const article = articleOf([
        ['heading', 'Monday'],
        ['paragraph', 'The talks went on.'],
        ['heading', 'Tuesday'],
        ['paragraph', 'The talks went on.'],
      ]);
      const [first, second] = chunkArticle(article).map((chunk) => chunk.id);

      expect(second).toBe(`${first}-2`);
    });

    it('differ between articles with the same text', () => {
      const paragraph: Array<[Block['kind'], string]> = [['paragraph', 'The talks went on.']];

      const [monday] = chunkArticle(articleOf(paragraph, 'monday'));
      const [tuesday] = chunkArticle(articleOf(paragraph, 'tuesday'));

      expect(monday!.id.split(':')[1]).not.toBe(tuesday!.id.split(':')[1]);
    });
  });

  describe('options', () => {
    const article = articleOf([['paragraph', 'Ministers met in Brussels.']]);

    it.each([
      [{ maxTokens: 7 }, 'maxTokens must be an integer >= 8'],
      [{ maxTokens: 100.5 }, 'maxTokens must be an integer >= 8'],
      [{ maxTokens: Number.NaN }, 'maxTokens must be an integer >= 8'],
      [{ overlapSentences: -1 }, 'overlapSentences must be an integer >= 0'],
      [{ overlapSentences: 0.5 }, 'overlapSentences must be an integer >= 0'],
      [{ minTokens: -1 }, 'minTokens must be between 0 and maxTokens'],
      [{ maxTokens: 100, minTokens: 101 }, 'minTokens must be between 0 and maxTokens'],
    ] as Array<[Partial<ChunkOptions>, string]>)('refuses %o', (options, message) => {
      expect(() => chunkArticle(article, options)).toThrow(new RangeError(message));
    });

    // BUG (src/chunk/chunkArticle.ts, validate + defaultChunkOptions): the default minTokens (50) is over a budget
    // CHUNK_MAX_TOKENS accepts (20..49), so reindexing with CHUNK_MAX_TOKENS=20 throws about an option no one set.
    it('accepts a budget under the default minTokens when minTokens is not given', () => {
      const chunks = chunkArticle(seed, { maxTokens: 20 });

      expect(chunks.length).toBeGreaterThan(0);
      for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(20);
    });
  });

  describe('the seed article with the default options', () => {
    const chunks = chunkArticle(seed);
    const headline = seed.meta.title;

    it('covers every paragraph in order, each chunk within the default budget', () => {
      const paragraphCount = seed.blocks.filter((block) => block.kind === 'paragraph').length;

      expect(chunks.flatMap((chunk) => chunk.paragraphs)).toEqual(Array.from({ length: paragraphCount }, (_, i) => i + 1));
      for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(defaultChunkOptions.maxTokens);
    });

    it('keeps every word of the cleaned paragraphs, in order, and none of the headline captions', () => {
      const paragraphs = seed.blocks.filter((block) => block.kind === 'paragraph').map((block) => block.content.text);

      expect(chunks.flatMap((chunk) => words(chunk.text))).toEqual(paragraphs.flatMap(words));
      for (const chunk of chunks) expect(chunk.text).not.toContain(headline);
    });

    it('gives each chunk the section heading it is under', () => {
      const headings = seed.blocks.filter((block) => block.kind === 'heading').map((block) => block.content.text);

      expect(headings).toEqual(['تصعيدًا كبيرًا في الصراع', 'تغير توازن القوى على الأرض']);
      expect(chunks[0]!.section).toBeUndefined();
      expect(chunks.at(-1)!.section).toBe(headings[1]);
      expect([...new Set(chunks.map((chunk) => chunk.section))]).toEqual([undefined, ...headings]);
    });

    it('gives sentences that cover the chunk text in order, with only white space between them', () => {
      for (const chunk of chunks) {
        let cursor = 0;
        for (const { start, end } of chunk.sentences) {
          expect(chunk.text.slice(cursor, start).trim()).toBe('');
          expect(end).toBeGreaterThan(start);
          cursor = end;
        }
        expect(cursor).toBe(chunk.text.length);
      }
    });

    it('gives spans of the original text that begin and end with the chunk’s first and last words', () => {
      for (const chunk of chunks) {
        const quoted = words(seed.original.slice(chunk.span.start, chunk.span.end));
        const own = words(chunk.text);
        expect(quoted[0]).toBe(own[0]);
        expect(quoted.at(-1)).toBe(own.at(-1));
      }
    });

    it('gives unique ids that come out the same every time', () => {
      const ids = chunks.map((chunk) => chunk.id);

      expect(new Set(ids).size).toBe(ids.length);
      expect(chunkArticle(seed).map((chunk) => chunk.id)).toEqual(ids);
    });
  });
});
