import { describe, expect, it } from 'vitest';
import { FSI, LRI, PDI, RLI } from '../../../src/discord/render/bidi.ts';
import { renderPassageText } from '../../../src/discord/render/passageText.ts';
import type { Span } from '../../../src/chunk/types.ts';
import { KURSK_PARAGRAPH, sentenceSpans } from '../answerFixture.ts';

const shown = (text: string, highlights: Span[]) => ({ text, sentences: sentenceSpans(text), highlights });

const english = 'The ministers agreed to send more air defence systems. Germany said it would deliver two Patriot batteries. The talks ended on Friday.';
const span = (text: string, sentence: string) => ({ start: text.indexOf(sentence), end: text.indexOf(sentence) + sentence.length });

describe('passage text for an embed description', () => {
  it('puts the answering sentence in bold and isolates each paragraph in its direction', () => {
    const text = `${english}\n\n${KURSK_PARAGRAPH}`;
    const out = renderPassageText(shown(text, [span(text, 'Germany said it would deliver two Patriot batteries.')]), 4096);
    const [first, second] = out.split('\n\n');
    expect(first).toBe(`${LRI}The ministers agreed to send more air defence systems. **Germany said it would deliver two Patriot batteries.** The talks ended on Friday.${PDI}`);
    expect(second!.startsWith(RLI) && second!.endsWith(PDI)).toBe(true);
    expect(second).toContain(`أكثر من ${FSI}10${PDI} آلاف`);
  });

  it('escapes Markdown in article text so it cannot format or hide anything', () => {
    const text = 'Prices rose by 2*3 percent, said **the** minister_of_state. # Not a heading ||spoiler||';
    const out = renderPassageText(shown(text, []), 4096);
    expect(out).toContain('2\\*3');
    expect(out).toContain('minister\\_of\\_state');
    expect(out).toContain('\\|\\|spoiler\\|\\|');
    expect(out).not.toContain('**');
  });

  it('cuts a passage that does not fit at sentence boundaries around the highlight, marking the cuts with …', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} says something long enough to take room.`);
    const text = sentences.join(' ');
    const out = renderPassageText(shown(text, [span(text, sentences[6]!)]), 260);
    expect(out.length).toBeLessThanOrEqual(260);
    expect(out).toContain(`**${sentences[6]}**`);
    expect(out).toMatch(new RegExp(`^${LRI}… `, 'u'));
    expect(out).toMatch(new RegExp(` …${PDI}$`, 'u'));
    expect(out).not.toMatch(/Sentence number \d+ says something long enough to take$/u);
  });

  it('cuts a single sentence longer than the budget at a word', () => {
    const text = `${'word '.repeat(300).trim()}.`;
    const out = renderPassageText(shown(text, [{ start: 0, end: text.length }]), 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out).toMatch(/^\u2066\*\*word( word)+\*\* …\u2069$/u);
  });

  it('keeps within budget for any budget', () => {
    const text = `${english}\n\n${KURSK_PARAGRAPH}`;
    for (const budget of [30, 80, 150, 300, 700]) expect(renderPassageText(shown(text, [span(text, KURSK_PARAGRAPH.slice(0, 40))]), budget).length).toBeLessThanOrEqual(budget);
  });
});
