import { detectLanguage } from '../text/language.ts';
import { uiStrings, type UiLanguage } from './strings.ts';

export type PreparedQuestion =
  | { ok: true; text: string; language: UiLanguage }
  | { ok: false; reason: 'empty' | 'too-long'; language: UiLanguage; message: string };

/** The language the bot speaks to the asker in: Arabic for an Arabic question, English otherwise. */
export function languageOf(text: string): UiLanguage {
  return detectLanguage(text) === 'ar' ? 'ar' : 'en';
}

/**
 * Question hygiene: control characters dropped, whitespace (and invisible formatting characters) collapsed; empty and over-long
 * questions are refused with a message in the question's language. Transports strip their own
 * markup (Discord mentions and Markdown) before.
 */
export function prepareQuestion(raw: string, maxChars: number): PreparedQuestion {
  const text = raw
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F]/gu, '')
    .replace(/[\s\u00a0\u200b-\u200f]+/gu, ' ')
    .trim();
  const language = languageOf(text);
  const strings = uiStrings(language);
  if (!/[\p{L}\p{N}]/u.test(text)) return { ok: false, reason: 'empty', language, message: strings.emptyQuestion };
  if (text.length > maxChars) return { ok: false, reason: 'too-long', language, message: strings.tooLong(maxChars, text.length) };
  return { ok: true, text, language };
}
