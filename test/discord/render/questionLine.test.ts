import { describe, expect, it } from 'vitest';
import { discordLimits } from '../../../src/discord/render/limits.ts';
import { readQuestionLine, renderQuestionLine } from '../../../src/discord/render/questionLine.ts';

describe('the question line of an answer', () => {
  it('reads back exactly the question it shows, Markdown, backslashes and Arabic included', () => {
    for (const question of ['How many soldiers?', 'كم عدد الجنود في كورسك؟', 'a\\*b *c* _d_ `e` ~~f~~ ||g|| # h > i', 'ما رأي Mark Rutte في 2024؟']) {
      expect(readQuestionLine(renderQuestionLine(question))).toBe(question);
    }
  });

  it('fits in a message even for a question longer than Discord allows', () => {
    const line = renderQuestionLine('x'.repeat(5000));
    expect(line.length).toBeLessThanOrEqual(discordLimits.content);
    expect(readQuestionLine(line)).toMatch(/^x+…$/u);
  });

  it('ignores messages that are not answers', () => {
    expect(readQuestionLine('Hello there')).toBeUndefined();
    expect(readQuestionLine('')).toBeUndefined();
  });
});
