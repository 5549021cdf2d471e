import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MERGE_POLICY, type LexicalIndex } from '../../../src/index/lexical/lexicalIndex.ts';
import { lexicalFields } from '../../../src/index/lexical/fields.ts';
import type { LexicalDoc, LexicalHit } from '../../../src/index/lexical/bm25.ts';
import { toSearchTerms } from '../../../src/text/terms.ts';
import { tempDir } from '../../support/corpusFiles.ts';
import { LexicalGenerations, bruteForceBm25f } from '../../support/lexicalGenerations.ts';

const q = (question: string) => toSearchTerms(question, { query: true });

const texts = [
  { title: 'صواريخ كوريا', text: 'أطلقت كوريا الشمالية صواريخ باليستية باتجاه البحر، وقال الجيش إن الصواريخ سقطت قرب اليابان.' },
  { title: 'التضخم', text: 'ارتفع معدل التضخم في مصر إلى 10.5 بالمئة خلال شهر مارس، بحسب البنك المركزي.' },
  { title: 'زيارة', text: 'التقى الزعيم الكوري الشمالي كيم جونغ أون وفداً من بيونغ يانغ.' },
  { title: 'Border', text: 'Two soldiers were wounded near the border on Monday, the army said.' },
  { title: 'أوكرانيا', text: 'قال الرئيس الأوكراني فولوديمير زيلينسكي إن المفاوضات مستمرة.' },
];
const docs: LexicalDoc[] = texts.map(({ title, text }, label) => ({ label, fields: lexicalFields({ text, section: undefined }, title) }));

let root: string;
let generations: LexicalGenerations;
const opened: LexicalIndex[] = [];

beforeEach(async () => {
  root = await tempDir('lexical');
  generations = new LexicalGenerations(root);
});

afterEach(async () => {
  for (const index of opened.splice(0)) index.close();
  await fs.rm(root, { recursive: true, force: true });
});

async function open(): Promise<LexicalIndex> {
  const index = await generations.open();
  opened.push(index);
  return index;
}

const labels = (index: LexicalIndex, question: string, k = 3) => index.search(q(question), k).hits.map((hit) => hit.label);

describe('the lexical index', () => {
  it('finds passages from questions in other surface forms, digits and spellings', async () => {
    await generations.update({ add: docs });
    const index = await open();
    expect(labels(index, 'أين سقطت الصَّوَارِيخُ التي أطلقتها كوريا؟')[0]).toBe(0);
    expect(labels(index, 'كم بلغ التضخم ١٠٫٥')[0]).toBe(1);
    expect(labels(index, 'من قابل كيم جونج اون في بيونج يانج')[0]).toBe(2);
    expect(labels(index, 'How many soldier was wounded?')).toEqual([3]);
  });

  it('finds a name spelt another way through the vocabulary, but never a number or a short word', async () => {
    await generations.update({ add: docs });
    const index = await open();
    const search = index.search(q('ماذا قال زيلنسكي'), 3);
    expect(search.hits[0]!.label).toBe(4);
    expect(search.termWeights.has(q('زيلنسكي')[0]!)).toBe(false);
    expect(labels(index, 'التضخم 10.6')).toEqual([1]);
    expect(index.search(q('2015'), 3).hits).toEqual([]);
  });

  it('weighs title terms: a chunk whose article is titled with the word ranks first', async () => {
    const withTitle: LexicalDoc[] = [
      { label: 0, fields: lexicalFields({ text: 'المفاوضات مستمرة بين الطرفين منذ أسابيع', section: undefined }, 'تقرير') },
      { label: 1, fields: lexicalFields({ text: 'المفاوضات مستمرة بين الطرفين منذ أسابيع', section: 'السودان' }, 'السودان') },
    ];
    await generations.update({ add: withTitle });
    expect(labels(await open(), 'المفاوضات في السودان')).toEqual([1, 0]);
  });

  it('gives the term weights and the document count the relevance test needs', async () => {
    await generations.update({ add: docs });
    const search = (await open()).search(q('صواريخ كوريا zebra'), 3);
    expect([...search.termWeights.keys()].sort()).toEqual(q('صواريخ كوريا').sort());
    expect(search.documentCount).toBe(docs.length);
  });

  it('returns nothing for stop words or unknown words, and refuses k < 1', async () => {
    await generations.update({ add: docs });
    const index = await open();
    expect(index.search(q('ما هو الذي في'), 5).hits).toEqual([]);
    expect(index.search(q('zebra'), 5).hits).toEqual([]);
    expect(() => index.search(q('صواريخ'), 0)).toThrow(new RangeError('k must be a positive integer'));
  });

  it('no longer finds removed chunks, and finds their replacement under a new label', async () => {
    await generations.update({ add: docs });
    await generations.update({ remove: [0, 99] });
    expect(labels(await open(), 'صواريخ كوريا')).not.toContain(0);
    await generations.update({ add: [{ label: 5, fields: lexicalFields({ text: 'صواريخ جديدة', section: undefined }, 'صواريخ') }] });
    const index = await open();
    expect(labels(index, 'صواريخ')).toEqual([5]);
    expect(index.size).toBe(docs.length);
  });

  it('refuses labels that do not ascend, so that a segment maps labels by binary search', async () => {
    await generations.update({ add: docs });
    await expect(generations.update({ add: [{ label: 2, fields: docs[0]!.fields }] })).rejects.toThrow('lexical labels must ascend: 2 after 4');
  });

  it('never writes a file of an earlier generation again: unchanged segments are the same inode', async () => {
    await generations.update({ add: docs });
    const first = generations.manifest.segments[0]!;
    const before = await fs.stat(path.join(generations.folder, first.name));
    const firstFolder = generations.folder;
    await generations.update({ remove: [1] });
    const after = await fs.stat(path.join(generations.folder, first.name));
    expect(after.ino).toBe(before.ino);
    expect(generations.manifest.segments[0]!.deletions).toMatch(/\.gen-1\.del$/u);
    expect(await fs.readdir(firstFolder)).toEqual([first.name]);
  });

  it('refuses a segment whose term dictionary was damaged', async () => {
    await generations.update({ add: docs });
    const file = path.join(generations.folder, generations.manifest.segments[0]!.name);
    const bytes = await fs.readFile(file);
    bytes[600] = bytes[600]! ^ 0xff;
    await fs.writeFile(file, bytes);
    await expect(generations.open()).rejects.toThrow(`${file}: damaged term dictionary`);
  });
});

/** A reproducible stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function syntheticDoc(label: number, next: () => number): LexicalDoc {
  // A skewed vocabulary (a few common terms, many rare ones), fields of different lengths.
  const term = () => `w${Math.floor(next() ** 3 * 400)}`;
  const terms = (count: number) => Array.from({ length: count }, term);
  return { label, fields: { title: terms(1 + Math.floor(next() * 4)), section: next() < 0.5 ? [] : terms(2), body: terms(5 + Math.floor(next() * 60)) } };
}

function expectSameRanking(actual: LexicalHit[], expected: LexicalHit[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((hit, i) => {
    expect(hit.score).toBeCloseTo(expected[i]!.score, 9);
    // Labels may differ only between hits of equal score.
    if (hit.label !== expected[i]!.label) expect(Math.abs(hit.score - expected[i]!.score)).toBeLessThan(1e-9);
  });
}

describe('the lexical index against brute-force BM25F', () => {
  it('returns the exact top k through many updates, deletions and merges', async () => {
    const next = random(7);
    let live: LexicalDoc[] = [];
    let label = 0;
    for (let round = 0; round < 14; round += 1) {
      const add = Array.from({ length: 20 + Math.floor(next() * 200) }, () => syntheticDoc(label++, next));
      const remove = live.filter(() => next() < 0.15).map((doc) => doc.label);
      await generations.update({ add, remove });
      live = [...live.filter((doc) => !remove.includes(doc.label)), ...add];
      const index = await open();
      expect(index.size).toBe(live.length);
      for (let query = 0; query < 8; query += 1) {
        const terms = Array.from({ length: 1 + Math.floor(next() * 5) }, () => `w${Math.floor(next() ** 2 * 400)}`);
        const k = 1 + Math.floor(next() * 40);
        expectSameRanking(index.search(terms, k).hits, bruteForceBm25f(live, terms, k));
      }
    }
    // The merge policy keeps the segments few: at most factor − 1 per size tier.
    expect(generations.manifest.segments.length).toBeLessThan(2 * MERGE_POLICY.factor);
  });
});
