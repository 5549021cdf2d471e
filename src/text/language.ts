export type Language = 'ar' | 'en' | 'other';

const WORD = /\p{L}[\p{L}\p{M}]*/gu;
const ARABIC = /^\p{Script=Arabic}/u;
const LATIN = /^\p{Script=Latin}/u;

/**
 * The language of a text by the script of its words: Arabic script → 'ar',
 * Latin → 'en', whichever has more words; 'other' when words of another script
 * outnumber both, or when there are no words (empty, digits, punctuation).
 *
 * Words are counted rather than letters because Arabic spelling leaves short
 * vowels out: in "من هو Mark Zuckerberg؟" the Latin name has more letters
 * than the Arabic question around it, but fewer words. A tie goes to Arabic,
 * since Arabic questions quote Latin names and acronyms far more often than
 * English ones quote Arabic.
 */
export function detectLanguage(text: string): Language {
  let arabic = 0;
  let latin = 0;
  let other = 0;
  for (const [word] of text.matchAll(WORD)) {
    if (ARABIC.test(word)) arabic++;
    else if (LATIN.test(word)) latin++;
    else other++;
  }
  if (other > arabic && other > latin) return 'other';
  if (arabic === 0 && latin === 0) return 'other';
  return arabic >= latin ? 'ar' : 'en';
}
