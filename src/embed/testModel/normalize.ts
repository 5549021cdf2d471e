// Mirrors what Transformers.js 2.17 does with the normalizer and pre-tokenizer written to
// tokenizer.json, so that vocabulary entries are exactly the strings the runtime looks up.

/**
 * Transformers.js's BertNormalizer only strips U+0300–U+036F, so after its NFD step Arabic
 * tashkeel, tatweel and the hamza/madda marks split off أ إ آ ؤ ئ would survive; this Replace
 * step removes them, as the Python tokenizers' strip_accents would.
 */
export const ARABIC_MARKS_PATTERN = '[\u064B-\u065F\u0670\u0640]';

const ARABIC_MARKS = new RegExp(ARABIC_MARKS_PATTERN, 'gu');
const CJK = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/g;
// BertNormalizer's clean_text: drop NUL, U+FFFD and control/format characters (but not tab,
// newline, carriage return), then turn each remaining whitespace character into a space.
const DROPPED = /[\0\uFFFD]|(?![\t\n\r])[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;
const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PRE_TOKEN = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');
const PUNCTUATION_ONLY = new RegExp(`^[${PUNCTUATION}]$`, 'u');

export function normalizeText(text: string): string {
  const lowered = text.replace(DROPPED, '').replace(/\s/g, ' ').replace(CJK, ' $& ').toLowerCase();
  return lowered.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(ARABIC_MARKS, '');
}

/** Words as BertPreTokenizer yields them: runs of non-space, non-punctuation, and single punctuation marks. */
export function preTokenize(normalized: string): string[] {
  return normalized.trim().match(PRE_TOKEN) ?? [];
}

export function words(text: string): string[] {
  return preTokenize(normalizeText(text));
}

export function isPunctuation(token: string): boolean {
  return PUNCTUATION_ONLY.test(token);
}
