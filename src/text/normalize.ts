// Matching form of a text: the same words written differently must come out
// equal. Never shown to a user: it drops diacritics and rewrites letters.

// Combining marks removed after NFKD: Latin accents (U+0300–U+036F), Arabic
// Quranic honorifics and small signs (U+0610–U+061A), harakat, tanween, shadda,
// sukun and the combining hamza/madda that NFKD splits off أ إ آ ؤ ئ
// (U+064B–U+065F), superscript alef (U+0670), Quranic annotation marks
// (U+06D6–U+06ED) and extended Arabic marks (U+08D3–U+08FF).
// Other scripts' marks are kept: they are parts of letters there.
const DIACRITICS = /[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08e1\u08e3-\u08ff]/g;

// Tatweel (a stretching stroke) and invisible format characters that web text
// carries inside words: soft hyphen, zero-width (non-)joiners, bidi marks, BOM.
const INVISIBLE = /[\u0640\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u061c\ufeff]/g;

// After NFKD has split the hamza off its carrier, the carriers stay behind:
// أ إ آ → ا, ؤ → و, ئ → ي. Dropping the hamza from و and ي matches the common
// informal spellings (سوال for سؤال, مسايل for مسائل); the regional pair
// مسؤول/مسئول still differs (مسوول/مسيول).
const LETTER_VARIANTS: Record<string, string> = {
  '\u0671': '\u0627', // ٱ alef wasla → ا
  '\u0672': '\u0627', // ٲ → ا
  '\u0673': '\u0627', // ٳ → ا
  '\u0649': '\u064a', // ى alef maksura → ي
  '\u0629': '\u0647', // ة ta marbuta → ه
  '\u06c0': '\u0647', // ۀ → ه
  '\u06c1': '\u0647', // ہ → ه
  '\u06be': '\u0647', // ھ → ه
  '\u06cc': '\u064a', // ی Persian yeh → ي
  '\u06d2': '\u064a', // ے → ي
  '\u06a9': '\u0643', // ک keheh → ك
  '\u06a4': '\u0641', // ڤ (v in transliterations) → ف
  '\u067e': '\u0628', // پ (p) → ب
  '\u0686': '\u062c', // چ (ch) → ج
  '\u06af': '\u0643', // گ (g) → ك
  '\u060c': ',', // ، Arabic comma
  '\u061b': ';', // ؛ Arabic semicolon
  '\u061f': '?', // ؟ Arabic question mark
  '\u066a': '%', // ٪ Arabic percent sign
  '\u066b': '.', // ٫ Arabic decimal separator
  '\u066c': ',', // ٬ Arabic thousands separator
};
const LETTER_VARIANT = /[\u0671-\u0673\u0649\u0629\u06c0\u06c1\u06be\u06cc\u06d2\u06a9\u06a4\u067e\u0686\u06af\u060c\u061b\u061f\u066a-\u066c]/g;

// Arabic-Indic (U+0660–U+0669) and Persian (U+06F0–U+06F9) digits.
const EASTERN_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/g;

// Foreign "g" is written ج in some papers and غ in others (جونج/جونغ,
// بيونج يانج/بيونغ يانغ, هونج كونج/هونغ كونغ, سامسونج/سامسونغ). The "-ng"
// ending is where this variation concentrates, and native Arabic words end
// in نغ almost never, so rewriting a word-final نغ to نج merges the variants
// without merging native words (words ending in نج such as شطرنج keep theirs).
// Mapping every غ to ج would also cover جوجل/غوغل but would merge real pairs
// such as غارة/جارة (raid/neighbour) and غرب/جرب, so initial and medial g stay
// unmerged.
const FINAL_NG = /\u0646\u063a(?![\p{L}\p{M}\p{N}])/gu;

/** Removes Arabic tashkeel, Quranic marks and Latin accents (NFKD first). */
export function stripDiacritics(text: string): string {
  return text.normalize('NFKD').replace(DIACRITICS, '');
}

/** Rewrites Arabic-Indic and Persian digits as ASCII digits. */
export function toAsciiDigits(text: string): string {
  // Both digit blocks start at a code point ending in hex 0.
  return text.replace(EASTERN_DIGIT, (d) => String(d.charCodeAt(0) & 0xf));
}

/**
 * The form used to compare words, for both documents and queries: diacritics
 * and tatweel removed, Arabic letter variants unified (alef forms → ا, ى → ي,
 * ة → ه, ؤ → و, ئ → ي), digits in ASCII, Latin lower-cased, compatibility
 * forms (presentation forms, ligatures, full-width) unfolded by NFKC, Arabic
 * punctuation replaced by its Latin counterpart, and word-final نغ → نج.
 */
export function normalizeForMatching(text: string): string {
  // Lower-casing first lets NFKD split off marks it adds (İ → i + U+0307).
  const unfolded = stripDiacritics(text.toLowerCase()).replace(INVISIBLE, '');
  return toAsciiDigits(unfolded.normalize('NFC'))
    .replace(LETTER_VARIANT, (c) => LETTER_VARIANTS[c] ?? c)
    .replace(FINAL_NG, '\u0646\u062c');
}
