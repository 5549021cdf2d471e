import { describe, expect, it } from 'vitest';
import { strings } from '../../../src/answer/strings.ts';
import { answeringParagraph } from '../../../src/answer/answerQuestion.ts';
import { shortKey } from '../../../src/app/keys.ts';
import { decodeButtonAction } from '../../../src/discord/customId.ts';
import { renderAnswer } from '../../../src/discord/render/answerMessage.ts';
import { FSI, PDI } from '../../../src/discord/render/bidi.ts';
import { discordLimits } from '../../../src/discord/render/limits.ts';
import { embedSize } from '../../../src/discord/render/message.ts';
import { readQuestionLine } from '../../../src/discord/render/questionLine.ts';
import { answer, KURSK_PARAGRAPH, passage } from '../answerFixture.ts';

/** The default answer, its passage showing the chunks with these labels. */
const answerShowing = (labels: number[]) => {
  const base = answer();
  return answer({ passages: base.passages.map((p) => ({ ...p, labels })) });
};

const ids = (rendered: ReturnType<typeof renderAnswer>) => rendered.components.flatMap((row) => row.components.map((c) => c.custom_id));

describe('an answer rendered for Discord', () => {
  it('shows the question, one embed per passage with the sentence in bold and its citation, and parses no mentions', () => {
    const rendered = renderAnswer(answerShowing([4]), { showScores: false });
    expect(rendered.allowedMentions).toEqual({ parse: [] });
    expect(readQuestionLine(rendered.content)).toBe('How many soldiers were sent to Kursk?');
    const [embed] = rendered.embeds;
    expect(embed!.author!.name).toContain('Passage 1');
    expect(embed!.title).toContain('أمريكا تتعهد برد حازم');
    expect(embed!.url).toBe('https://example.org/news/kursk?id=1');
    expect(embed!.description).toContain('**وأكدت الولايات المتحدة');
    expect(embed!.description).toContain(`Paragraph ${FSI}2${PDI}`);
    expect(embed!.description).toContain(`Source: ${FSI}الموقع العربي للدفاع والتسليح (Facebook)${PDI}`);
    expect(embed!.description).toContain('\n<https://example.org/news/kursk?id=1>');
    expect(embed!.footer).toBeUndefined();
    expect(embed!.fields).toBeUndefined();
  });

  it('has stateless buttons: more from the next rank, 👍/👎 with the chunk labels, the answering paragraph', () => {
    const rendered = renderAnswer(answerShowing([4, 5]), { showScores: false });
    const generation = shortKey('2025-01-01T00:00:00.000Z');
    expect(ids(rendered).map(decodeButtonAction)).toEqual([
      { kind: 'more', generation, offset: 1 },
      { kind: 'vote', vote: 'up', generation, offset: 0, labels: [{ library: 'shared', label: 4 }, { library: 'shared', label: 5 }] },
      { kind: 'vote', vote: 'down', generation, offset: 0, labels: [{ library: 'shared', label: 4 }, { library: 'shared', label: 5 }] },
      { kind: 'paragraph', generation, library: 'shared', article: shortKey('seed'), paragraph: 2 },
    ]);
    expect(renderAnswer(answer({ hasMore: false }), { showScores: false }).components[0]!.components.map((c) => c.emoji?.name)).toEqual(['👍', '👎']);
  });

  it("labels headings and buttons in the question's language", () => {
    const rendered = renderAnswer(answer({ language: 'ar', question: 'كم عدد الجنود في كورسك؟' }), { showScores: false });
    expect(rendered.embeds[0]!.author!.name).toContain('مقطع 1');
    expect(rendered.embeds[0]!.description).toContain(`الفقرة ${FSI}2${PDI}`);
    expect(rendered.components[0]!.components[0]!.label).toBe(strings.ar.morePassages);
  });

  it('shows scores only when SHOW_SCORES is on, and says when only keyword search ran', () => {
    expect(renderAnswer(answer(), { showScores: true }).embeds[0]!.footer!.text).toBe('score 0.0328 · similarity 0.610 · coverage 0.50');
    expect(renderAnswer(answer({ mode: 'lexical' }), { showScores: false }).embeds[0]!.footer!.text).toBe(strings.en.lexicalOnly);
  });

  it('escapes the question and never lets it break out of its line', () => {
    const rendered = renderAnswer(answer({ question: 'what is 2*3 in _Kursk_ `now`?' }), { showScores: false });
    expect(rendered.content).toContain('2\\*3 in \\_Kursk\\_ \\`now\\`?');
    expect(readQuestionLine(rendered.content)).toBe('what is 2*3 in _Kursk_ `now`?');
  });

  it('stays within every Discord limit with ten long passages', () => {
    const long = Array.from({ length: 80 }, (_, i) => `جملة طويلة رقم ${i} عن الجنود في كورسك والحدود الأوكرانية.`).join(' ');
    const passages = Array.from({ length: 12 }, (_, i) =>
      passage(long, `جملة طويلة رقم ${40 + i} عن الجنود في كورسك والحدود الأوكرانية.`, {
        citation: { ...passage(long, '').citation, articleId: `a${i}`, title: 'ع'.repeat(400), section: 'ق'.repeat(300) },
        labels: Array.from({ length: 4 }, (_, j) => 100000 + i * 4 + j),
      }),
    );
    const rendered = renderAnswer(answer({ passages, question: 'س'.repeat(2500) }), { showScores: true });
    expect(rendered.content.length).toBeLessThanOrEqual(discordLimits.content);
    expect(rendered.embeds.length).toBeLessThanOrEqual(discordLimits.embedsPerMessage);
    expect(rendered.embeds.reduce((sum, embed) => sum + embedSize(embed), 0)).toBeLessThanOrEqual(discordLimits.embedTotal);
    for (const embed of rendered.embeds) {
      expect(embed.title!.length).toBeLessThanOrEqual(discordLimits.embedTitle);
      expect(embed.description!.length).toBeLessThanOrEqual(discordLimits.embedDescription);
      expect(embed.description).toContain('**جملة طويلة رقم');
    }
    expect(rendered.components.length).toBeLessThanOrEqual(discordLimits.rowsPerMessage);
    for (const row of rendered.components) expect(row.components.length).toBeLessThanOrEqual(discordLimits.buttonsPerRow);
    expect(ids(rendered).every((id) => id.length <= discordLimits.customId)).toBe(true);
  });

  it("says “not found” in the question's language and lists what the index holds", () => {
    const rendered = renderAnswer(
      answer({ status: 'not-found', passages: [], hasMore: false, language: 'ar', question: 'ما وصفة الكعكة؟', articles: [{ id: 'a', title: 'NATO ministers meet in Brussels' }, { id: 'b', title: 'أمريكا تتعهد' }] }),
      { showScores: false },
    );
    expect(rendered.components).toEqual([]);
    expect(rendered.embeds[0]!.title).toContain(strings.ar.notFoundTitle);
    expect(rendered.embeds[0]!.description).toContain(strings.ar.indexHolds);
    expect(rendered.embeds[0]!.description).toContain(`• ${FSI}NATO ministers meet in Brussels${PDI}`);
  });

  it('finds the paragraph of the answering sentence in a passage of several paragraphs', () => {
    const text = `First paragraph here.\n\n${KURSK_PARAGRAPH}`;
    expect(answeringParagraph(passage(text, 'كانت هذه المنطقة', { citation: { ...passage(text, '').citation, paragraphs: [1, 2] } }))).toBe(2);
    expect(answeringParagraph(passage(text, 'First paragraph here.', { citation: { ...passage(text, '').citation, paragraphs: [1, 2] } }))).toBe(1);
  });
});
