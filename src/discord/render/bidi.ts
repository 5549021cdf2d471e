/**
 * Directional isolation for text shown in Discord. Discord lays every message out left to right
 * and does not isolate the pieces it puts together, so an Arabic sentence that ends in a full stop,
 * holds a number or quotes a Latin name comes out scrambled, and embed fields are scrambled worse
 * (discord/discord-api-docs#5341, open). Each line is therefore
 * isolated in its own direction, and within it every run of the other direction (and every number
 * inside right-to-left text) gets its own isolate, as Unicode's bidi algorithm (UAX #9) intends.
 */

/** First strong isolate: the run takes the direction of its first letter. */
export const FSI = '\u2068';
export const LRI = '\u2066';
export const RLI = '\u2067';
/** Pop directional isolate: closes the innermost isolate. */
export const PDI = '\u2069';

export type Direction = 'rtl' | 'ltr';

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/gu;
const LTR_LETTER = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/gu;
const ISOLATE_MARKS = /[\u2066-\u2069]/gu;

// A Latin run: words of Latin letters (with digits, apostrophes, dots and hyphens inside them)
// joined by spaces; it never ends on punctuation, which belongs to the sentence around it.
const LATIN_WORD = String.raw`\p{Script=Latin}(?:[\p{Script=Latin}\p{Nd}'’&.\-]*[\p{Script=Latin}\p{Nd}])?`;
// A number with its inner separators: 10, 12.5, 2024-11-13, 24/7, 10,000, 50%.
const NUMBER = String.raw`[0-9]+(?:[.,:/\-][0-9]+)*%?`;
const LTR_RUN_IN_RTL = new RegExp(String.raw`${LATIN_WORD}(?: +${LATIN_WORD})*|${NUMBER}`, 'gu');
const RTL_RUN_IN_LTR = /[\p{Script=Arabic}\p{Script=Hebrew}]+(?:[ \u060c]+[\p{Script=Arabic}\p{Script=Hebrew}]+)*/gu;

/** The direction most of a text's letters read in; left to right when it has no letters. */
export function directionOf(text: string): Direction {
  const rtl = text.match(RTL_LETTER)?.length ?? 0;
  const ltr = text.match(LTR_LETTER)?.length ?? 0;
  return rtl > ltr ? 'rtl' : 'ltr';
}

/** Wraps a value put into a sentence of the other language (a title, a date, a count). */
export function isolate(text: string): string {
  return text ? `${FSI}${text}${PDI}` : text;
}

/** Isolates, inside text of direction `base`, the runs written in the other direction and, in right-to-left text, numbers. */
export function isolateRuns(text: string, base: Direction): string {
  return text.replace(base === 'rtl' ? LTR_RUN_IN_RTL : RTL_RUN_IN_LTR, (run) => `${FSI}${run}${PDI}`);
}

/**
 * One line of display text in its own direction: the whole line in a right-to-left or
 * left-to-right isolate. A line must not hold a line break: a paragraph separator ends every
 * isolate. The isolate also keeps Markdown that only counts at the start of a line (`#`, `>`, `-`)
 * from applying.
 */
export function isolateLine(line: string, direction: Direction = directionOf(line)): string {
  return line ? `${direction === 'rtl' ? RLI : LRI}${line}${PDI}` : line;
}

/** Removes the isolates this module adds (to read back text the bot wrote). */
export function stripIsolates(text: string): string {
  return text.replace(ISOLATE_MARKS, '');
}
