import { cleanArticleText } from '../corpus/clean.ts';
import { contentHash } from '../corpus/parseArticle.ts';
import type { Article } from '../corpus/types.ts';
import { detectLanguage } from '../text/language.ts';
import { DatasetError, questionsById, type SquadDataset } from './dataset.ts';

/** A question to ask, with the paragraph it was written for. */
export interface EvalQuestion {
  id: string;
  question: string;
  /** Id of the Article made from the paragraph that answers it. */
  paragraphId: string;
  /** False when its article was held out of the index: the right answer is "not found". */
  answerable: boolean;
}

export interface EvalCorpus {
  /** One Article per indexed paragraph. */
  articles: Article[];
  /** Titles (as in the dataset) whose paragraphs were left out of the index. */
  heldOutTitles: string[];
  /** Paragraphs the corpus stage's cleaning left empty: not indexed, their questions can only miss. */
  emptyParagraphs: string[];
  /** Question id → the Article id of its paragraph, indexed or not. */
  paragraphOf: Map<string, string>;
  /** Ids of the questions whose paragraph was held out. */
  heldOutQuestions: Set<string>;
  /** The dataset file the paragraphs come from. */
  file: string;
}

function slug(title: string): string {
  return (
    title
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_-]+/gu, '-')
      .replace(/^-+|-+$/gu, '') || 'article'
  );
}

/** The last `count` titles of the dataset, in file order: the same every run, and easy to state. */
export function holdoutTitles(dataset: SquadDataset, count: number): string[] {
  const titles = dataset.articles.map((article) => article.title);
  if (!Number.isInteger(count) || count < 0 || count >= titles.length) {
    throw new RangeError(`holdout must be an integer from 0 to ${titles.length - 1} (the dataset has ${titles.length} articles), got ${count}`);
  }
  return count === 0 ? [] : titles.slice(-count);
}

/**
 * Turns each SQuAD paragraph into an Article of one paragraph block, cleaned by the corpus stage
 * as an uploaded text file would be. Line breaks are joined first, so a paragraph stays one
 * block and every chunk of it shares paragraph 1 (the product then merges them into one passage).
 */
export function paragraphArticles(dataset: SquadDataset, heldOut: string[] = []): EvalCorpus {
  const skip = new Set(heldOut);
  const articles: Article[] = [];
  const emptyParagraphs: string[] = [];
  const paragraphOf = new Map<string, string>();
  const heldOutQuestions = new Set<string>();
  const usedSlugs = new Set<string>();
  dataset.articles.forEach((squad, a) => {
    let base = slug(squad.title);
    if (usedSlugs.has(base)) base = `${base}-${a + 1}`;
    usedSlugs.add(base);
    const title = squad.title.replace(/_/gu, ' ');
    squad.paragraphs.forEach((paragraph, p) => {
      const id = `${base}-p${p + 1}`;
      for (const question of paragraph.questions) paragraphOf.set(question.id, id);
      if (skip.has(squad.title)) {
        for (const question of paragraph.questions) heldOutQuestions.add(question.id);
        return;
      }
      const original = paragraph.context.replace(/\s*[\r\n]+\s*/gu, ' ').trim();
      const blocks = cleanArticleText(original, title).filter((block) => block.kind === 'paragraph');
      if (blocks.length === 0) {
        emptyParagraphs.push(id);
        return;
      }
      articles.push({
        id,
        file: `${id}.txt`,
        format: 'text',
        meta: { title, language: detectLanguage(original) },
        contentHash: contentHash(new TextEncoder().encode(paragraph.context)),
        original,
        blocks,
      });
    });
  });
  return { articles, heldOutTitles: [...heldOut], emptyParagraphs, paragraphOf, heldOutQuestions, file: dataset.file };
}

/**
 * The questions to ask: the text from `questions` (e.g. English questions of a translated copy),
 * the answer paragraph from the dataset, matched by question id.
 */
export function pairQuestions(corpus: EvalCorpus, questions: SquadDataset): EvalQuestion[] {
  const texts = questionsById(questions);
  const unknown = [...texts.keys()].filter((id) => !corpus.paragraphOf.has(id));
  if (unknown.length > 0) {
    throw new DatasetError(
      `${questions.file} has ${unknown.length === 1 ? 'a question id' : `${unknown.length} question ids`} that ${corpus.file} does not have ` +
        `(first: "${unknown[0]}"); ` +
        'the questions file must be a copy of the dataset with the same question ids (as xquad.en.json is of xquad.ar.json).',
    );
  }
  return [...texts].map(([id, question]) => ({ id, question, paragraphId: corpus.paragraphOf.get(id)!, answerable: !corpus.heldOutQuestions.has(id) }));
}
