export interface SentenceSpan {
  /** Offset of the first character in the text. */
  start: number;
  /** Offset just past the last character (closing quotes and brackets included). */
  end: number;
}

// A candidate boundary: a run of terminators with any closing quotes or
// brackets after it, or a line break. ؟ and ؛ always end a sentence; the
// Latin marks only when followed by white space, the end of the text or an
// Arabic letter (Arabic is often typed without the space), which keeps 10.5,
// 3.14, example.com and "?q=1" in URLs whole. The Latin ; is not a boundary:
// in English it joins clauses of one sentence.
const BOUNDARY = /[؟؛]+[.!?؟؛…]*["'”’»)\]}›]*|[.!?…]+["'”’»)\]}›]*(?=[ \t\f\v\u00a0\u2000-\u200a\u202f\u3000\r\n\u2028\u2029\u0620-\u064a]|$)|\r\n|[\r\n\u2028\u2029]/g;

// After a period, these words do not end a sentence even before a capital:
// titles (Dr. Smith) and month and number abbreviations (Jan. 5, No. 3).
// Compared case-sensitively, so "the answer was no. Then" still splits.
const ABBREVIATIONS = new Set([
  'Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'Sr', 'Jr', 'St', 'Mt', 'Rev', 'Hon', 'Gen', 'Col', 'Lt', 'Maj', 'Capt', 'Sgt',
  'Gov', 'Sen', 'Rep', 'Pres', 'No', 'Nos', 'Vol', 'Fig', 'Dept', 'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug',
  'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'vs', 'approx',
]);

// Initials and dotted abbreviations: "J." as in J. Smith, U.S., U.K., e.g., i.e., a.m.
// They stay inside the sentence even before a capital ("the U.S. Army"), at the
// cost of missing a sentence that really ends with one.
const INITIALS = /(?:^|[^\p{L}\p{N}.])(?:\p{L}\.)*\p{L}$/u;
const WORD_BEFORE = /\p{L}+$/u;
const LOWERCASE_NEXT = /^[\s"'“‘«(\[]*\p{Ll}/u;
const HAS_CONTENT = /[\p{L}\p{N}]/u;

const LATIN_TERMINATORS = '.!?…';

function endsSentence(text: string, boundary: string, at: number, after: number): boolean {
  if (!LATIN_TERMINATORS.includes(boundary[0]!)) return true;
  // "Wait... what?" and "Apple Inc. said": a lower-case word goes on the sentence.
  if (LOWERCASE_NEXT.test(text.slice(after, after + 8))) return false;
  if (boundary[0] !== '.' || boundary.startsWith('..')) return true;
  const before = text.slice(Math.max(0, at - 16), at);
  if (INITIALS.test(before)) return false;
  const word = WORD_BEFORE.exec(before)?.[0];
  return word === undefined || !ABBREVIATIONS.has(word);
}

/**
 * Splits Arabic or English text into sentences: at . ! ? … ؟ ؛ and at line
 * breaks, but not inside numbers, URLs, abbreviations or initials. Spans are
 * trimmed of surrounding white space; spans with no letter or digit are dropped.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (HAS_CONTENT.test(text.slice(s, e))) spans.push({ start: s, end: e });
    start = end;
  };
  for (const match of text.matchAll(BOUNDARY)) {
    const at = match.index;
    const after = at + match[0].length;
    if (endsSentence(text, match[0], at, after)) push(after);
  }
  push(text.length);
  return spans;
}
