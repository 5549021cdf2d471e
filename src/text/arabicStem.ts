// Light10 (Larkey, Ballesteros & Connell 2007), the light stemmer behind Lucene's and
// Elasticsearch's Arabic analyzers, with its article set widened to the combinations of a
// conjunction or preposition with the article (فبال، فكال، فلل، وبال…) and one ب ل ك ف before a
// word that keeps four letters (بروسيا، لروسيا → روسيا): measured on XQuAD with cross-validation
// by article (README, "Retrieval quality"). Input is in matching form (see normalize.ts), so ة is
// already ه and the suffixes ية/ة appear as يه/ه.
//
// The Snowball Arabic stemmer (the one npm packages ship) was measured too and left out: it
// expects ة, so after normalization it splits الشمالية/الشمالي into different stems, and it cuts
// names short (فلسطين → لسط, بيونج → يونج).

const ARTICLES = ['وبال', 'وكال', 'ولل', 'فبال', 'فكال', 'فلل', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const PREPOSITIONS = ['ب', 'ل', 'ك', 'ف'];
const SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];
const MIN_STEM = 2;
/** A lone preposition is stripped only from words this long: shorter ones begin with the letter (بيت، كتب). */
const MIN_AFTER_PREPOSITION = 4;

// The conjunction و, only from words of four letters or more (وزير, not وطن).
function stripWaw(word: string): string {
  return word.length > 3 && word.startsWith('و') ? word.slice(1) : word;
}

function articleOf(word: string): string | undefined {
  return ARTICLES.find((article) => word.startsWith(article) && word.length - article.length >= MIN_STEM);
}

/**
 * The word without a leading و and its article (ال وال بال كال فال لل and their combinations),
 * suffixes kept: the form spelling-variant keys are built from (بوتين stays بوتين).
 */
export function stripArabicProclitics(word: string): string {
  const stem = stripWaw(word);
  const article = articleOf(stem);
  // A و right after the article belongs to the word (الوزير); stripping it again gives الوزير
  // the stem of وزير, as it would be stemmed without ال.
  return article === undefined ? stem : stripWaw(stem.slice(article.length));
}

/**
 * Strips a leading و, one article (or else, from a word that begins with it, one ب ل ك ف before
 * four letters), then each of the suffixes ها ان ات ون ين يه ه ي in turn, keeping at least two
 * letters. A letter after a stripped و is the word's own (ولايات is و + لايات, never و + ل + ايات).
 */
export function arabicLightStem(word: string): string {
  let stem = stripArabicProclitics(word);
  if (stem === word && PREPOSITIONS.includes(stem[0]!) && stem.length - 1 >= MIN_AFTER_PREPOSITION) stem = stem.slice(1);
  for (const suffix of SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= MIN_STEM) stem = stem.slice(0, -suffix.length);
  }
  return stem;
}
