import { normalizeForMatching } from './normalize.ts';
import { defaultStemmer } from './stemmer.ts';
import type { Stemmer, WordScript } from './stemmer.ts';
import { isQueryFrame, isQueryStopWord } from './queryStopWords.ts';
import { STOP_WORDS } from './stopwords.ts';

export interface TermOptions {
  /** Default: {@link defaultStemmer}; pass `noStemmer` to keep surface forms. */
  stemmer?: Stemmer;
  /** The text is a question: the words that only frame it (question words, light verbs) are left out too. */
  query?: boolean;
}

// Runs of digits or of letters: "2024م" gives "2024" and "م", and "10.5"
// gives "10" and "5", so numbers match however they are glued or punctuated.
const WORD = /\p{N}+|[\p{L}\p{M}]+/gu;
const ARABIC_LETTER = /^[\u0620-\u064a]/;
const LATIN_LETTER = /^\p{Script=Latin}/u;

function scriptOf(word: string): WordScript | undefined {
  if (ARABIC_LETTER.test(word)) return 'ar';
  if (LATIN_LETTER.test(word)) return 'en';
  return undefined;
}

// "and" + a stop word (وفي, ومن, والتي) is a stop word too. Stems are not
// checked against the list: light stemming shortens content words onto stop
// words (الولايات → لا, كمية → كم, بليون → بل).
function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word) || (word.startsWith('و') && STOP_WORDS.has(word.slice(1)));
}

/** A word of a text as lexical search sees it: its term, and the normalized word it came from. */
export interface SearchWord {
  term: string;
  word: string;
  script: WordScript | undefined;
}

/**
 * The words lexical search indexes and queries with: normalized words, without stop words and
 * single letters, each Arabic or Latin word stemmed into its term.
 */
export function searchWords(text: string, options: TermOptions = {}): SearchWord[] {
  const stemmer = options.stemmer ?? defaultStemmer;
  const words: SearchWord[] = [];
  let previous: string | undefined;
  for (const [word] of normalizeForMatching(text).matchAll(WORD)) {
    const script = scriptOf(word);
    const before = previous;
    previous = word;
    if (script === undefined) {
      words.push({ term: word, word, script });
      continue;
    }
    if (word.length < 2 || isStopWord(word)) continue;
    if (options.query && (isQueryStopWord(word) || isQueryFrame(before, word))) continue;
    words.push({ term: stemmer.stem(word, script), word, script });
  }
  return words;
}

/** The terms of searchWords. */
export function toSearchTerms(text: string, options: TermOptions = {}): string[] {
  return searchWords(text, options).map(({ term }) => term);
}
