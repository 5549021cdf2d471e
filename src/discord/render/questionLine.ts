import { isolateLine, stripIsolates } from './bidi.ts';
import { clip, discordLimits, escapeEchoed, unescapeEchoed } from './limits.ts';

const MARK = '❓';

/**
 * The first line of every answer: the question it answers. Buttons and replies read the
 * question back from it, which keeps them stateless (see {@link readQuestionLine}).
 */
export function renderQuestionLine(question: string, maxChars: number = discordLimits.content): string {
  let room = maxChars - MARK.length - 3;
  for (;;) {
    const line = `${MARK} ${isolateLine(escapeEchoed(clip(question, room)))}`;
    if (line.length <= maxChars) return line;
    room -= line.length - maxChars;
  }
}

/** The question an answer message was for, or undefined when the content is not one of ours. */
export function readQuestionLine(content: string): string | undefined {
  const first = content.split('\n', 1)[0] ?? '';
  if (!first.startsWith(`${MARK} `)) return undefined;
  const question = unescapeEchoed(stripIsolates(first.slice(MARK.length + 1))).trim();
  return question || undefined;
}
