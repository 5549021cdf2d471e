import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/index/lexicalIndex.ts';
import { noStemmer } from '../../src/text/stemmer.ts';
import { toSearchTerms } from '../../src/text/terms.ts';

interface TextDoc {
  id: string;
  text: string;
}

const analysed = (list: TextDoc[]) => list.map(({ id, text }) => ({ id, terms: toSearchTerms(text) }));
const q = toSearchTerms;

const docs: TextDoc[] = [
  { id: 'missiles', text: 'أطلقت كوريا الشمالية صواريخ باليستية باتجاه البحر، وقال الجيش إن الصواريخ سقطت قرب اليابان.' },
  { id: 'economy', text: 'ارتفع معدل التضخم في مصر إلى 10.5 بالمئة خلال شهر مارس، بحسب البنك المركزي.' },
  { id: 'kim', text: 'التقى الزعيم الكوري الشمالي كيم جونغ أون وفداً من بيونغ يانغ.' },
  { id: 'soldiers', text: 'Two soldiers were wounded near the border on Monday, the army said.' },
];

function indexOf(list: TextDoc[]): LexicalIndex {
  const index = LexicalIndex.create();
  index.add(analysed(list));
  return index;
}

const ids = (index: LexicalIndex, query: string, limit = 3): string[] => index.search(q(query), limit).map((hit) => hit.id);

describe('LexicalIndex', () => {
  it('finds an Arabic passage from a question in other surface forms', () => {
    const index = indexOf(docs);
    expect(ids(index, 'أين سقطت الصَّوَارِيخُ التي أطلقتها كوريا؟')[0]).toBe('missiles');
    expect(ids(index, 'بالصاروخ والبحر')[0]).toBe('missiles');
  });

  it('matches Arabic-Indic digits to ASCII digits', () => {
    expect(ids(indexOf(docs), 'كم بلغ التضخم ١٠٫٥')[0]).toBe('economy');
  });

  it('matches the ج spelling of a name indexed with غ', () => {
    expect(ids(indexOf(docs), 'من قابل كيم جونج اون في بيونج يانج')[0]).toBe('kim');
  });

  it('finds English passages through stemming', () => {
    expect(ids(indexOf(docs), 'How many soldier was wounded?')).toEqual(['soldiers']);
  });

  it('ranks best first, with decreasing scores, up to the limit', () => {
    const hits = indexOf(docs).search(q('الشمالية كوريا صواريخ'), 5);
    expect(hits.map((hit) => hit.id)).toEqual(['missiles', 'kim']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(indexOf(docs).search(q('الشمالية'), 1)).toHaveLength(1);
  });

  it('returns nothing for a query of only stop words or unknown words', () => {
    const index = indexOf(docs);
    expect(index.search(q('ما هو الذي في'), 5)).toEqual([]);
    expect(index.search(q('zebra'), 5)).toEqual([]);
  });

  it('no longer finds removed documents and ignores unknown ids', () => {
    const index = indexOf(docs);
    index.remove(['missiles', 'never-added']);
    expect(index.size).toBe(3);
    expect(ids(index, 'صواريخ كوريا')).not.toContain('missiles');
    index.add(analysed([{ id: 'missiles', text: 'صواريخ جديدة' }]));
    expect(ids(index, 'صواريخ')).toEqual(['missiles']);
  });

  it('rejects duplicate ids without adding any of the batch', () => {
    const index = indexOf(docs);
    expect(() => index.add(analysed([{ id: 'new', text: 'نص' }, { id: 'kim', text: 'نص' }]))).toThrow('duplicate lexical doc id: kim');
    expect(() => index.add(analysed([{ id: 'twice', text: 'a' }, { id: 'twice', text: 'b' }]))).toThrow('twice');
    expect(index.size).toBe(docs.length);
  });

  it('gives identical results after a round trip through JSON', () => {
    const index = indexOf(docs);
    index.remove(['economy']);
    const restored = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(restored.size).toBe(index.size);
    for (const query of ['صواريخ كوريا الشمالية', 'soldiers border', 'التضخم في مصر', 'جونغ']) {
      expect(restored.search(q(query), 5)).toEqual(index.search(q(query), 5));
    }
  });

  it('keeps the texts out of the saved index', () => {
    expect(JSON.stringify(indexOf(docs).toJSON())).not.toContain('باليستية باتجاه');
  });

  it('refuses to read an index back with a different stemmer', () => {
    const saved = indexOf(docs).toJSON();
    expect(() => LexicalIndex.fromJSON(saved, { analysis: noStemmer.id })).toThrow('built with stemmer "light10p+porter", not "none"');
  });

  it('refuses something that is not a saved index', () => {
    expect(() => LexicalIndex.fromJSON({ hello: 'world' })).toThrow();
  });

  it('rejects bad options with a clear message', () => {
    expect(() => LexicalIndex.create({ k1: 0 })).toThrow(new RangeError('k1 must be > 0'));
    expect(() => LexicalIndex.create({ b: 1.5 })).toThrow(new RangeError('b must be between 0 and 1'));
    expect(() => LexicalIndex.create({ fuzzy: -1 })).toThrow(new RangeError('fuzzy must be >= 0 and < 1'));
    expect(() => indexOf(docs).search(q('صواريخ'), 0)).toThrow(new RangeError('limit must be a positive integer'));
  });

  it('can match term prefixes when asked', () => {
    const index = LexicalIndex.create({ prefix: true });
    index.add(analysed(docs));
    expect(index.search(q('bord'), 1)[0]?.id).toBe('soldiers');
    expect(indexOf(docs).search(q('bord'), 1)).toEqual([]);
  });
});
