import { uiStrings, type UiLanguage } from '../../answer/strings.ts';
import type { FeedbackReport } from '../../app/feedback.ts';
import { isolate, isolateLine } from './bidi.ts';
import { clip, discordLimits, escapeText } from './limits.ts';
import { message, type RenderedMessage } from './message.ts';

const REPORT_COLOR = 0xc27c0e;

/** /feedback: the groups of unanswered and 👎 questions, largest first, as many as one embed holds. */
export function renderFeedbackReport(report: FeedbackReport, language: UiLanguage): RenderedMessage {
  const s = uiStrings(language);
  const direction = language === 'ar' ? 'rtl' : 'ltr';
  const title = isolateLine(s.feedbackTitle(report.days), direction);
  if (report.groups.length === 0) return message({ embeds: [{ color: REPORT_COLOR, title, description: isolateLine(s.feedbackEmpty(report.days), direction) }] });
  const room = discordLimits.embedDescription - 100;
  const lines: string[] = [];
  let used = 0;
  for (const [i, group] of report.groups.entries()) {
    const entry = [
      isolateLine(`**${group.count}×** ${isolate(escapeText(clip(group.question, 300)))}`, direction),
      isolateLine(s.feedbackCounts(group.notFound, group.down), direction),
    ].join('\n');
    if (used + entry.length + 2 > room) {
      lines.push(isolateLine(s.feedbackMore(report.groups.length - i), direction));
      break;
    }
    lines.push(entry);
    used += entry.length + 2;
  }
  return message({ embeds: [{ color: REPORT_COLOR, title, description: lines.join('\n\n') }] });
}
