// Spelling variants: character n-grams and the consonant skeleton of a word, to tell that two
// spellings of one name are one (زيلينسكي / زيلنسكي, بوتين / بوتن, جوجل / غوغل).
// Input: one word or term in matching form (normalizeForMatching). Pure; no I/O.

/** The boundary mark put before and after a word, so that "#بو" (a word start) differs from "بو" inside a word. */
export const BOUNDARY = '#';

/**
 * Character n-grams of a word with boundary marks, each length in `sizes` (default 3):
 * بوتين → #بو بوت وتي تين ين#. A word shorter than n gives itself once, marked (#في#).
 */
export function charNgrams(word: string, sizes: readonly number[] = [3]): string[] {
  const padded = `${BOUNDARY}${word}${BOUNDARY}`;
  const grams: string[] = [];
  for (const n of sizes) {
    if (padded.length <= n) {
      grams.push(padded);
      continue;
    }
    for (let i = 0; i + n <= padded.length; i += 1) grams.push(padded.slice(i, i + n));
  }
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
 * it merges real words too (كتاب/كتب), which is why it is a low-weight field of its own.
 */
export function consonantSkeleton(word: string): string {
  if (!/^[\u0620-\u064a]/u.test(word)) return word;
  const first = word[0]!;
  const rest = word.slice(1).replace(INNER_VOWELS, '').replace(/\u063a/gu, '\u062c');
  const folded = (first === '\u063a' ? '\u062c' : first) + rest;
  return folded.replace(/(.)\1+/gu, '$1');
}

/** Dice coefficient of two words' n-gram multisets, 0 (nothing shared) to 1 (same n-grams). */
export function ngramDice(a: string, b: string, sizes: readonly number[] = [3]): number {
  const gramsA = charNgrams(a, sizes);
  const gramsB = charNgrams(b, sizes);
  const counts = new Map<string, number>();
  for (const gram of gramsA) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of gramsB) {
    const left = counts.get(gram) ?? 0;
    if (left > 0) {
      shared += 1;
      counts.set(gram, left - 1);
    }
  }
  return (2 * shared) / (gramsA.length + gramsB.length);
}
