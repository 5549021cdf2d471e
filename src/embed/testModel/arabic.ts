// Arabic attaches the article and one-letter conjunctions/prepositions to the word, so
// "الجنود", "والجنود" and "للجنود" are single pre-tokens that must all map to the vector of "جنود".

const ARABIC = /\p{Script=Arabic}/u;
const ARTICLE = /^(?:وال|بال|فال|كال|لل|ال)/u;
const BARE_PREFIXES = ['', 'و', 'ب', 'ل', 'ف'];
const ARTICLE_PREFIXES = ['ال', 'وال', 'بال', 'فال', 'لل', 'ولل'];
// Shorter remainders are mostly function words (الذي، التي، الى), not article + noun.
const MIN_STEM_LENGTH = 3;

export function isArabic(word: string): boolean {
  return ARABIC.test(word);
}

/** The word without a leading article cluster (ال، وال، بال، فال، كال، لل), if a plausible stem remains. */
export function stripArticle(word: string): string {
  const match = ARTICLE.exec(word);
  if (match === null) return word;
  const stem = word.slice(match[0].length);
  return [...stem].length >= MIN_STEM_LENGTH ? stem : word;
}

/** The surface forms of an Arabic word with the common proclitics, with and without the article. */
export function procliticForms(word: string): string[] {
  const stem = stripArticle(word);
  return [...BARE_PREFIXES.map((p) => p + stem), ...ARTICLE_PREFIXES.map((p) => p + stem)];
}
