import type { Citation, Span } from '../../answer/answerQuestion.ts';
import type { UiLanguage } from '../../answer/strings.ts';
import { isolateLine } from './bidi.ts';
import { renderCitation, safeLink } from './citation.ts';
import { clip, discordLimits } from './limits.ts';
import { message, type RenderedMessage } from './message.ts';
import { renderPassageText } from './passageText.ts';

const PARAGRAPH_COLOR = 0x2f6fb5;

/** "Full paragraph": one paragraph of an article with its citation, cut at a sentence only if it exceeds an embed. */
export function renderParagraph(text: string, sentences: Span[], citation: Citation, language: UiLanguage): RenderedMessage {
  const footer = renderCitation(citation, language);
  const title = isolateLine(clip(citation.title, discordLimits.embedTitle - 2));
  const room = Math.min(discordLimits.embedDescription, discordLimits.embedTotal - title.length) - footer.length - 2;
  const link = safeLink(citation.url);
  return message({
    embeds: [
      {
        color: PARAGRAPH_COLOR,
        title,
        ...(link && { url: link.slice(1, -1) }),
        description: [renderPassageText({ text, sentences, highlights: [] }, room), footer].filter(Boolean).join('\n\n'),
      },
    ],
  });
}
