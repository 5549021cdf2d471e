import type { Citation } from '../../answer/answerQuestion.ts';
import type { LibraryTag } from '../../app/scope.ts';
import { uiStrings, type UiLanguage } from '../../answer/strings.ts';
import { isolate, isolateLine } from './bidi.ts';
import { clip, discordLimits, escapeText } from './limits.ts';

/** "2", "1–2" or "1, 3": the paragraph numbers a passage covers. */
export function paragraphRange(paragraphs: number[]): string {
  const sorted = [...new Set(paragraphs)].sort((a, b) => a - b);
  const consecutive = sorted.every((paragraph, i) => i === 0 || paragraph === sorted[i - 1]! + 1);
  return consecutive && sorted.length > 1 ? `${sorted[0]}–${sorted.at(-1)}` : sorted.join(', ');
}

/**
 * An http(s) link as Discord should show it: in angle brackets, so no preview unfurls; undefined for
 * anything else, and for a link longer than Discord takes (the answer is shown without it).
 */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.href.length > discordLimits.embedUrl) return undefined;
    // The WHATWG serialisation percent-encodes spaces and angle brackets, so the link cannot break out of <…>.
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? `<${parsed.href}>` : undefined;
  } catch {
    return undefined;
  }
}

/** The library a citation's article is in, as a button names it. */
export function libraryTagOf(citation: Pick<Citation, 'library'>): LibraryTag {
  return citation.library === 'server' ? 'server' : 'shared';
}

/**
 * The citation under a passage, one fact per line in the question's language: section,
 * paragraphs, source and date, the library (when the passage comes from the asking server's own), link. Values in the article's language are isolated inside the line
 * and cut to `maxValueChars`.
 */
export function renderCitation(citation: Citation, language: UiLanguage, maxValueChars = 300): string {
  const s = uiStrings(language);
  const value = (text: string) => isolate(escapeText(clip(text, maxValueChars)));
  const direction = language === 'ar' ? 'rtl' : 'ltr';
  const lines: string[] = [];
  if (citation.section) lines.push(isolateLine(`${s.section}: ${value(citation.section)}`, direction));
  if (citation.paragraphs.length > 0) {
    const label = citation.paragraphs.length > 1 ? s.paragraphs : s.paragraph;
    lines.push(isolateLine(`${label[0]!.toUpperCase()}${label.slice(1)} ${isolate(paragraphRange(citation.paragraphs))}`, direction));
  }
  const origin = [
    citation.source && `${s.source}: ${value(citation.source)}`,
    citation.published && `${s.published}: ${isolate(citation.published)}`,
  ].filter(Boolean);
  if (origin.length > 0) lines.push(isolateLine(origin.join(' · '), direction));
  if (citation.library === 'server') lines.push(isolateLine(s.libraryServer, direction));
  const link = safeLink(citation.url);
  if (link) lines.push(link);
  return lines.join('\n');
}
