import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdoutTitles, pairQuestions, paragraphArticles } from '../../src/eval/corpus.ts';
import { DatasetError, parseSquad, readSquadFile } from '../../src/eval/dataset.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/squad');
const news = path.join(fixtures, 'news.json');
const LAYOUT = '(expected {"data": [{"title", "paragraphs": [{"context", "qas": [{"id", "question"}]}]}]}).';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'qa-eval-dataset-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

const paragraph = (qas: unknown[]) => ({ data: [{ title: 'T', paragraphs: [{ context: 'Some text.', qas }] }] });

describe('reading a SQuAD file', () => {
  it('reads titles, paragraphs and questions', async () => {
    const dataset = await readSquadFile(news);
    expect(dataset.file).toBe(news);
    expect(dataset.articles.map((article) => article.title)).toEqual(['Nile_Dam', 'Date_Harvest', 'Arctic_Ice', 'Berlin_Marathon']);
    expect(dataset.articles[0]!.paragraphs[1]!.questions[0]).toEqual({ id: 'dam-fears', question: 'ماذا تخشى مصر والسودان؟' });
  });

  it('names a missing file', async () => {
    const file = path.join(dir, 'missing.json');
    await expect(readSquadFile(file)).rejects.toThrow(new DatasetError(`Cannot read the dataset ${file}: no such file.`));
  });

  it('names a folder given as the file', async () => {
    await expect(readSquadFile(dir)).rejects.toThrow(new DatasetError(`Cannot read the dataset ${dir}: it is a folder, not a file.`));
  });

  it('names a file that is not JSON, with the parser’s reason', async () => {
    const text = '{"data": [';
    const file = await write('broken.json', text);
    let reason = '';
    try {
      JSON.parse(text);
    } catch (error) {
      reason = (error as Error).message;
    }
    await expect(readSquadFile(file)).rejects.toThrow(new DatasetError(`${file} is not valid JSON (${reason}).`));
  });

  it('says which field breaks the SQuAD layout', async () => {
    const file = await write('other.json', JSON.stringify({ version: '1.1', articles: [] }));
    await expect(readSquadFile(file)).rejects.toThrow(new DatasetError(`${file} is not a SQuAD v1.1 file: data must be an array ${LAYOUT}`));
    expect(() => parseSquad([1, 2], 'list.json')).toThrow(`list.json is not a SQuAD v1.1 file: the top level must be an object ${LAYOUT}`);
    expect(() => parseSquad(paragraph([{ id: 'q1', question: 42 }]), 'f.json')).toThrow(
      `f.json is not a SQuAD v1.1 file: data[0].paragraphs[0].qas[0].question must be a non-empty string ${LAYOUT}`,
    );
    expect(() => parseSquad({ data: [{ title: 'T', paragraphs: [{ context: '  ', qas: [] }] }] }, 'f.json')).toThrow(
      `f.json is not a SQuAD v1.1 file: data[0].paragraphs[0].context must be a non-empty string ${LAYOUT}`,
    );
    expect(() => parseSquad({ data: [{ title: 'T', paragraphs: {} }] }, 'f.json')).toThrow(
      `f.json is not a SQuAD v1.1 file: data[0].paragraphs must be an array ${LAYOUT}`,
    );
  });

  it('refuses a repeated question id and a file without paragraphs', () => {
    const twice = paragraph([
      { id: 'q1', question: 'a?' },
      { id: 'q1', question: 'b?' },
    ]);
    expect(() => parseSquad(twice, 'f.json')).toThrow(
      `f.json is not a SQuAD v1.1 file: data[0].paragraphs[0].qas[1].id repeats the id "q1" of data[0].paragraphs[0].qas[0] ${LAYOUT}`,
    );
    expect(() => parseSquad({ data: [] }, 'f.json')).toThrow(`f.json is not a SQuAD v1.1 file: data holds no paragraphs ${LAYOUT}`);
  });
});

describe('paragraphs as articles', () => {
  it('makes one cleaned, one-block Article per paragraph, with a readable title', async () => {
    const dataset = parseSquad(
      { data: [{ title: 'Date_Harvest', paragraphs: [{ context: 'First line\nsecond  line.', qas: [{ id: 'q', question: 'Which line?' }] }] }] },
      'f.json',
    );
    const { articles, paragraphOf } = paragraphArticles(dataset);
    expect(articles).toHaveLength(1);
    expect(articles[0]!.id).toBe('date_harvest-p1');
    expect(articles[0]!.meta).toEqual({ title: 'Date Harvest', language: 'en' });
    expect(articles[0]!.blocks.map((block) => [block.kind, block.content.text])).toEqual([['paragraph', 'First line second line.']]);
    expect(paragraphOf.get('q')).toBe('date_harvest-p1');
  });

  it('holds out the last articles and marks their questions unanswerable', async () => {
    const dataset = await readSquadFile(news);
    expect(holdoutTitles(dataset, 1)).toEqual(['Berlin_Marathon']);
    expect(holdoutTitles(dataset, 0)).toEqual([]);
    const corpus = paragraphArticles(dataset, holdoutTitles(dataset, 1));
    expect(corpus.articles.map((article) => article.id)).toEqual(['nile_dam-p1', 'nile_dam-p2', 'date_harvest-p1', 'arctic_ice-p1', 'arctic_ice-p2']);
    const questions = pairQuestions(corpus, dataset);
    expect(questions.filter((question) => !question.answerable).map((question) => question.id)).toEqual(['marathon-winner', 'marathon-runners']);
    expect(() => holdoutTitles(dataset, 4)).toThrow(new RangeError('holdout must be an integer from 0 to 3 (the dataset has 4 articles), got 4'));
  });

  it('pairs translated questions by id and refuses ids the dataset does not have', async () => {
    const dataset = await readSquadFile(news);
    const translated = await readSquadFile(path.join(fixtures, 'news.translated.json'));
    const corpus = paragraphArticles(dataset);
    const questions = pairQuestions(corpus, translated);
    expect(questions.find((question) => question.id === 'ice-area')).toEqual({
      id: 'ice-area',
      question: 'ما المساحة التي غطاها الجليد البحري في القطب الشمالي في سبتمبر؟',
      paragraphId: 'arctic_ice-p1',
      answerable: true,
    });
    const stranger = parseSquad(paragraph([{ id: 'not-there', question: 'What?' }]), 'stranger.json');
    expect(() => pairQuestions(corpus, stranger)).toThrow(
      new DatasetError(
        `stranger.json has a question id that ${news} does not have (first: "not-there"); ` +
          'the questions file must be a copy of the dataset with the same question ids (as xquad.en.json is of xquad.ar.json).',
      ),
    );
  });
});
