import fs from 'node:fs/promises';
import { UserFacingError, errorMessage } from '../errors.ts';

/** A question file or dataset that cannot be read as SQuAD v1.1; the message names the file and the field. */
export class DatasetError extends UserFacingError {}

export interface SquadQuestion {
  id: string;
  question: string;
}

export interface SquadParagraph {
  context: string;
  questions: SquadQuestion[];
}

export interface SquadArticle {
  title: string;
  paragraphs: SquadParagraph[];
}

export interface SquadDataset {
  file: string;
  articles: SquadArticle[];
}

const LAYOUT = '{"data": [{"title", "paragraphs": [{"context", "qas": [{"id", "question"}]}]}]}';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the SQuAD v1.1 layout field by field, so the first problem is reported with its path
 * (`data[3].paragraphs[0].qas[2].question`); answers are not needed for retrieval and not read.
 */
export function parseSquad(json: unknown, file: string): SquadDataset {
  const fail = (where: string, problem: string): never => {
    throw new DatasetError(`${file} is not a SQuAD v1.1 file: ${where} ${problem} (expected ${LAYOUT}).`);
  };
  const array = (value: unknown, where: string): unknown[] => (Array.isArray(value) ? value : fail(where, 'must be an array'));
  const object = (value: unknown, where: string): Json => (isObject(value) ? value : fail(where, 'must be an object'));
  const text = (value: unknown, where: string): string =>
    typeof value === 'string' && value.trim() !== '' ? value : fail(where, 'must be a non-empty string');

  const root = object(json, 'the top level');
  const seen = new Map<string, string>();
  const articles = array(root.data, 'data').map((rawArticle, a): SquadArticle => {
    const article = object(rawArticle, `data[${a}]`);
    const title = text(article.title, `data[${a}].title`);
    const paragraphs = array(article.paragraphs, `data[${a}].paragraphs`).map((rawParagraph, p): SquadParagraph => {
      const where = `data[${a}].paragraphs[${p}]`;
      const paragraph = object(rawParagraph, where);
      const context = text(paragraph.context, `${where}.context`);
      const questions = array(paragraph.qas, `${where}.qas`).map((rawQa, q): SquadQuestion => {
        const qa = object(rawQa, `${where}.qas[${q}]`);
        const id = text(qa.id, `${where}.qas[${q}].id`);
        const first = seen.get(id);
        if (first) fail(`${where}.qas[${q}].id`, `repeats the id "${id}" of ${first}`);
        seen.set(id, `${where}.qas[${q}]`);
        return { id, question: text(qa.question, `${where}.qas[${q}].question`) };
      });
      return { context, questions };
    });
    return { title, paragraphs };
  });
  if (!articles.some((article) => article.paragraphs.length > 0)) fail('data', 'holds no paragraphs');
  return { file, articles };
}

/** Reads and validates a SQuAD v1.1 JSON file (XQuAD uses the same layout). */
export async function readSquadFile(file: string): Promise<SquadDataset> {
  let source: string;
  try {
    source = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : errorMessage(error);
    throw new DatasetError(`Cannot read the dataset ${file}: ${reason}.`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new DatasetError(`${file} is not valid JSON (${errorMessage(error)}).`, { cause: error });
  }
  return parseSquad(json, file);
}

/** Every question of a dataset by id. */
export function questionsById(dataset: SquadDataset): Map<string, string> {
  const byId = new Map<string, string>();
  for (const article of dataset.articles) {
    for (const paragraph of article.paragraphs) for (const { id, question } of paragraph.questions) byId.set(id, question);
  }
  return byId;
}

/** All paragraphs and questions of a dataset, for building a vocabulary (the test model). */
export function datasetTexts(dataset: SquadDataset): string[] {
  return dataset.articles.flatMap((article) => article.paragraphs.flatMap((paragraph) => [paragraph.context, ...paragraph.questions.map((q) => q.question)]));
}
