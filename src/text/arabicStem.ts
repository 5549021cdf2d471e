// Light10 (Larkey, Ballesteros & Connell 2007), the light stemmer behind
// Lucene's and Elasticsearch's Arabic analyzers. Input is in matching form
// (see normalize.ts), so ة is already ه and the suffixes ية/ة appear as يه/ه.
//
// The Snowball Arabic stemmer (the one npm packages ship) was measured too and
// left out: it expects ة, so after normalization it splits الشمالية/الشمالي
// into different stems, and it cuts names short (فلسطين → لسط, بيونج → يونج).

const ARTICLES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];
const MIN_STEM = 2;

// The conjunction و, only from words of four letters or more (وزير, not وطن).
function stripWaw(word: string): string {
  return word.length > 3 && word.startsWith('و') ? word.slice(1) : word;
}

/**
 * Strips a leading و, one definite article (ال وال بال كال فال لل) and then
 * each of the suffixes ها ان ات ون ين يه ه ي in turn, keeping at least two letters.
 */
export function arabicLightStem(word: string): string {
  let stem = stripWaw(word);
  const article = ARTICLES.find((a) => stem.startsWith(a) && stem.length - a.length >= MIN_STEM);
  if (article !== undefined) {
    // A و right after the article belongs to the word (الوزير); stripping it
    // again gives الوزير the stem of وزير, as it would be stemmed without ال.
    stem = stripWaw(stem.slice(article.length));
  }
  for (const suffix of SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= MIN_STEM) {
      stem = stem.slice(0, -suffix.length);
    }
  }
  return stem;
}
