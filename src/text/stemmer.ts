import { stemmer as porterStem } from 'stemmer';
import { arabicLightStem } from './arabicStem.ts';

/** The script of a word, which decides the stemming rules applied to it. */
export type WordScript = 'ar' | 'en';

export interface Stemmer {
  /** Names the stemmer in saved indexes, which must be read back with the same one. */
  readonly id: string;
  stem(word: string, script: WordScript): string;
}

/** Leaves words as they are (to measure what stemming is worth). */
export const noStemmer: Stemmer = { id: 'none', stem: (word) => word };

/**
 * Arabic light stemming (Light10, its article set widened) and, for Latin-script
 * words, the Porter stemmer from the `stemmer` package (a reference
 * implementation, ESM, typed, no dependencies; Porter2 measured the same on
 * English XQuAD).
 */
export const defaultStemmer: Stemmer = {
  id: 'light10p+porter',
  stem: (word, script) => (script === 'ar' ? arabicLightStem(word) : porterStem(word)),
};
