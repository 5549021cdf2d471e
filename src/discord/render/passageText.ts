import type { AnswerPassage, Span } from '../../answer/answerQuestion.ts';
import { directionOf, isolateLine, isolateRuns } from './bidi.ts';
import { clip, ELLIPSIS, escapeText } from './limits.ts';

interface Unit extends Span {
  paragraph: number;
}

/** Paragraphs of a passage (separated by a blank line) and its sentences, each knowing its paragraph. */
function layout(text: string, sentences: readonly Span[]): { paragraphs: Span[]; units: Unit[] } {
  const paragraphs: Span[] = [];
  const separator = /\n\s*\n/gu;
  let start = 0;
  for (const match of text.matchAll(separator)) {
    paragraphs.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  paragraphs.push({ start, end: text.length });
  const paragraphOf = (offset: number) => {
    const index = paragraphs.findIndex((paragraph) => offset < paragraph.end);
    return index === -1 ? paragraphs.length - 1 : index;
  };
  return { paragraphs, units: sentences.map((sentence) => ({ start: sentence.start, end: sentence.end, paragraph: paragraphOf(sentence.start) })) };
}

/** One display line: escaped, other-direction runs isolated, highlighted spans in bold, the line isolated. */
function renderLine(raw: string, bold: Span[], options: { leading: boolean; trailing: boolean }): string {
  const direction = directionOf(raw);
  const piece = (from: number, to: number) => escapeText(isolateRuns(raw.slice(from, to).replace(/\s+/gu, ' '), direction));
  let out = '';
  let at = 0;
  for (const span of bold) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, raw.length);
    if (end <= start) continue;
    out += piece(at, start);
    const inner = piece(start, end).trim();
    if (inner) out += `**${inner}**`;
    at = end;
  }
  out += piece(at, raw.length);
  out = out.trim();
  return isolateLine(`${options.leading ? `${ELLIPSIS} ` : ''}${out}${options.trailing ? ` ${ELLIPSIS}` : ''}`, direction);
}

function relativeSpans(spans: Span[], from: number, to: number): Span[] {
  return spans
    .filter((span) => span.end > from && span.start < to)
    .map((span) => ({ start: Math.max(span.start, from) - from, end: Math.min(span.end, to) - from }))
    .sort((a, b) => a.start - b.start);
}

/**
 * A passage as embed-description Markdown: one line per paragraph, the answering sentences in
 * bold, everything escaped and direction-isolated, at most `maxChars` long. A passage that does
 * not fit is cut at sentence boundaries around its first highlight, with "…" where text was left
 * out; a single sentence longer than the budget is cut at a word.
 */
export function renderPassageText(passage: Pick<AnswerPassage, 'text' | 'sentences' | 'highlights'>, maxChars: number): string {
  const { text, highlights } = passage;
  const { paragraphs, units } = layout(text, passage.sentences);
  if (units.length === 0) return '';
  const last = units.length - 1;
  const render = (first: number, final: number): string => {
    const from = units[first]!.start;
    const to = units[final]!.end;
    const lines: string[] = [];
    for (let p = units[first]!.paragraph; p <= units[final]!.paragraph; p += 1) {
      const start = Math.max(paragraphs[p]!.start, from);
      const end = Math.min(paragraphs[p]!.end, to);
      if (end <= start) continue;
      lines.push(
        renderLine(text.slice(start, end), relativeSpans(highlights, start, end), {
          leading: p === units[first]!.paragraph && first > 0,
          trailing: p === units[final]!.paragraph && final < last,
        }),
      );
    }
    return lines.join('\n\n');
  };

  const whole = render(0, last);
  if (whole.length <= maxChars) return whole;

  const firstHighlight = highlights.length > 0 ? Math.min(...highlights.map((span) => span.start)) : 0;
  const focus = Math.max(0, units.findIndex((unit) => unit.end > firstHighlight));
  let [first, final] = [focus, focus];
  if (render(first, final).length > maxChars) return renderClippedSentence(text, units[focus]!, highlights, focus > 0, maxChars);
  // Widen around the answering sentence: the sentence after it first, then the one before.
  for (let grew = true; grew; ) {
    grew = false;
    if (final < last && render(first, final + 1).length <= maxChars) {
      final += 1;
      grew = true;
    }
    if (first > 0 && render(first - 1, final).length <= maxChars) {
      first -= 1;
      grew = true;
    }
  }
  return render(first, final);
}

function renderClippedSentence(text: string, unit: Span, highlights: Span[], leading: boolean, maxChars: number): string {
  const raw = text.slice(unit.start, unit.end);
  const bold = relativeSpans(highlights, unit.start, unit.end);
  let room = maxChars;
  for (;;) {
    const clipped = clip(raw, Math.max(1, room)).replace(new RegExp(`${ELLIPSIS}$`, 'u'), '');
    const line = renderLine(clipped, bold, { leading, trailing: true });
    if (line.length <= maxChars || room <= 1) return line.length <= maxChars ? line : '';
    room -= Math.max(1, line.length - maxChars);
  }
}
