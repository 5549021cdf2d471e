import { procliticForms, isArabic, stripArticle } from './arabic.ts';
import { FUNCTION_WORDS } from './functionWords.ts';
import { isPunctuation, normalizeText, words } from './normalize.ts';

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export const CONTINUATION_PREFIX = '##';
/** WordPiece's max_input_chars_per_word: longer words become [UNK] whatever the vocabulary holds. */
export const MAX_WORD_CHARS = 100;

// Always present, so that words absent from `texts` fall back to letters rather than [UNK].
const BASE_ALPHABET =
  'abcdefghijklmnopqrstuvwxyz0123456789٠١٢٣٤٥٦٧٨٩' +
  'ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي' +
  '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~،؛؟«»٪';

/** Embedding norms: special and function tokens stay short so content words dominate mean pooling. */
export const NORMS = { special: 0.001, functionWord: 0.1, character: 0.1, word: 1 } as const;

export interface Vocabulary {
  /** Token string for each id. */
  tokens: string[];
  /** Tokens with the same key share one embedding direction. */
  keys: string[];
  norms: number[];
}

export interface VocabularyOptions {
  texts: string[];
  pairs: Array<[string, string]>;
  /** Keep only the most frequent words of `texts`; pair forms, function words and characters always stay. */
  maxWords?: number;
}

function singleWord(word: string): string {
  const [token, ...rest] = words(word);
  if (token === undefined || rest.length > 0) throw new Error(`pair word "${word}" is not a single word`);
  return token;
}

/** Maps every form of every pair word to its group's key; pairs link words transitively. */
function pairForms(pairs: Array<[string, string]>): Map<string, string> {
  const parent = new Map<string, string>();
  const root = (word: string): string => {
    let current = word;
    for (let next = parent.get(current); next !== undefined && next !== current; next = parent.get(current)) {
      current = next;
    }
    return current;
  };
  for (const pair of pairs) {
    const [a, b] = pair.map(singleWord) as [string, string];
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const forms = new Map<string, string>();
  for (const word of parent.keys()) {
    const key = `pair:${root(word)}`;
    for (const form of isArabic(word) ? procliticForms(word) : [word]) {
      if (!forms.has(form)) forms.set(form, key);
    }
  }
  return forms;
}

function textWordsByFrequency(texts: string[], maxWords: number | undefined): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of words(text)) {
      if ([...word].length <= MAX_WORD_CHARS) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const sorted = [...counts].sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0));
  return sorted.slice(0, maxWords ?? sorted.length).map(([word]) => word);
}

export function buildVocabulary({ texts, pairs, maxWords }: VocabularyOptions): Vocabulary {
  const forms = pairForms(pairs);
  const functionWords = new Set(FUNCTION_WORDS.map(normalizeText));
  const textWords = textWordsByFrequency(texts, maxWords);

  const wordList = [...forms.keys(), ...functionWords, ...textWords];
  const characters = [...new Set([...normalizeText(BASE_ALPHABET), ...wordList.join('')])].sort(
    (a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0),
  );
  const continuations = characters.filter((c) => !isPunctuation(c)).map((c) => CONTINUATION_PREFIX + c);

  const keyOf = (token: string): string =>
    forms.get(token) ?? forms.get(stripArticle(token)) ?? stripArticle(token);
  const normOf = (token: string): number => {
    if (functionWords.has(token) || isPunctuation(token)) return NORMS.functionWord;
    return [...token].length === 1 ? NORMS.character : NORMS.word;
  };

  const vocabulary: Vocabulary = { tokens: [], keys: [], norms: [] };
  const seen = new Set<string>();
  const add = (token: string, key: string, norm: number): void => {
    if (seen.has(token)) return;
    seen.add(token);
    vocabulary.tokens.push(token);
    vocabulary.keys.push(key);
    vocabulary.norms.push(norm);
  };
  for (const token of SPECIAL_TOKENS) add(token, token, NORMS.special);
  for (const token of [...characters, ...wordList]) add(token, keyOf(token), normOf(token));
  for (const token of continuations) add(token, token.slice(CONTINUATION_PREFIX.length), NORMS.character);
  return vocabulary;
}
