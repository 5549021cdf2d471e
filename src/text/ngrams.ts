// Spelling variants: character n-grams and the consonant skeleton of a word, to tell that two
// spellings of one name are one (زيلينسكي / زيلنسكي, بوتين / بوتن, جوجل / غوغل).
// Input: one word or term in matching form (normalizeForMatching). Pure; no I/O.

/** The boundary mark put before and after a word, so that "#بو" (a word start) differs from "بو" inside a word. */
export const BOUNDARY = '#';

const GRAM = 3;

/**
 * Character trigrams of a word with boundary marks: بوتين → #بو بوت وتي تين ين#. A word of one
 * letter gives itself once, marked (#و#). Counted in code points, so a letter outside the BMP is one.
 */
export function charNgrams(word: string): string[] {
  const letters = [...`${BOUNDARY}${word}${BOUNDARY}`];
  if (letters.length <= GRAM) return [letters.join('')];
  const grams: string[] = [];
  for (let i = 0; i + GRAM <= letters.length; i += 1) grams.push(letters.slice(i, i + GRAM).join(''));
  return grams;
}

// The long vowels, and the hamza on the line, that transliterations write or leave out
// (زيلينسكي/زيلنسكي, بوتين/بوتن, ترامب/ترمب, أوباما/اوباما).
const INNER_VOWELS = /[\u0627\u0648\u064a\u0621]/gu;

/**
 * The consonant skeleton of an Arabic word: the first letter kept, then ا و ي ء dropped, غ folded
 * into ج (foreign g: جوجل/غوغل; ق and ك stay apart: their pairs are real words), and a doubled
 * letter written once. زيلينسكي and زيلنسكي → زلنسك; بوتين and بوتن → بتن.
 * Latin words and digits come back unchanged. Meant for matching names, not as a stem:
 * it merges real words too (كتاب/كتب), which is why only a question word the index does not hold
 * at all may be matched by its skeleton (search/termCoverage.ts).
 */
export function consonantSkeleton(word: string): string {
  if (!/^[\u0620-\u064a]/u.test(word)) return word;
  const first = word[0]!;
  const rest = word.slice(1).replace(INNER_VOWELS, '').replace(/\u063a/gu, '\u062c');
  const folded = (first === '\u063a' ? '\u062c' : first) + rest;
  return folded.replace(/(.)\1+/gu, '$1');
}

/** The distinct character trigrams of a word, boundary-marked (charNgrams), in first-seen order. */
export function distinctNgrams(word: string): string[] {
  return [...new Set(charNgrams(word))];
}

/** Dice coefficient of sets of sizes `a` and `b` that share `shared` members. */
export function diceOf(shared: number, a: number, b: number): number {
  return a + b > 0 ? (2 * shared) / (a + b) : 0;
}

/** Dice coefficient of a word's distinct trigram set (`grams`, from distinctNgrams) and another word's: 0 (nothing shared) to 1 (the same trigrams). */
export function ngramDice(grams: ReadonlySet<string>, word: string): number {
  const other = distinctNgrams(word);
  let shared = 0;
  for (const gram of other) if (grams.has(gram)) shared += 1;
  return diceOf(shared, grams.size, other.length);
}
