import { detectLanguage } from '../text/language.ts';
import { uiStrings, type UiLanguage } from './strings.ts';

export type PreparedQuestion =
  | { ok: true; text: string; language: UiLanguage }
  | { ok: false; reason: 'empty' | 'too-long'; language: UiLanguage; message: string };

/**
 * Question hygiene: Discord mentions, custom emoji and markup are stripped, whitespace collapsed;
 * empty and over-long questions are refused with a message in the question's language.
 */
export function prepareQuestion(raw: string, maxChars: number): PreparedQuestion {
  const text = raw
    .replace(/<@[!&]?\d+>|<#\d+>|<\/[\w -]+:\d+>/gu, ' ')
    .replace(/<a?:(\w+):\d+>/gu, ' ')
    .replace(/@(everyone|here)\b/gu, ' ')
    .replace(/```[\s\S]*?```|`([^`]*)`/gu, (match, inner: string | undefined) => inner ?? match.slice(3, -3))
    .replace(/(\*\*|__|~~|\|\||\*|_)(?=\S)([\s\S]*?\S)\1/gu, '$2')
    .replace(/^>+\s?/gmu, '')
    .replace(/[\s\u00a0\u200b-\u200f]+/gu, ' ')
    .trim();
  const detected = detectLanguage(text);
  const language: UiLanguage = detected === 'ar' ? 'ar' : 'en';
  const strings = uiStrings(language);
  if (!/[\p{L}\p{N}]/u.test(text)) return { ok: false, reason: 'empty', language, message: strings.emptyQuestion };
  if (text.length > maxChars) return { ok: false, reason: 'too-long', language, message: strings.tooLong(maxChars, text.length) };
  return { ok: true, text, language };
}
