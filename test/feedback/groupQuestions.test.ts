import { describe, expect, it } from 'vitest';
import { groupQuestions, type GroupableQuestion } from '../../src/feedback/groupQuestions.ts';

const q = (question: string, kind: GroupableQuestion['kind'] = 'not-found', at = '2025-01-01T00:00:00.000Z'): GroupableQuestion => ({ question, kind, at });

describe('grouping questions by what they ask', () => {
  it('puts rewordings of one question together and counts not-found and 👎 separately', () => {
    const groups = groupQuestions([
      q('What is the recipe for chocolate cake?', 'not-found', '2025-01-01T10:00:00.000Z'),
      q('chocolate cake recipe', 'down', '2025-01-02T10:00:00.000Z'),
      q('Recipe for a chocolate cake?', 'not-found', '2025-01-03T10:00:00.000Z'),
      q('Who won the football match?'),
    ]);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ count: 3, notFound: 2, down: 1, lastAt: '2025-01-03T10:00:00.000Z' });
    expect(groups[0]!.variants).toHaveLength(3);
    expect(groups[1]).toMatchObject({ question: 'Who won the football match?', count: 1 });
  });

  it('matches Arabic spelling variants through normalization and stemming', () => {
    const groups = groupQuestions([q('كم عدد الجنود في كورسك؟'), q('كم عدد الجنود فى كورسك'), q('عدد جنود كورسك')]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.count).toBe(3);
  });

  it('names a group by its most frequent wording', () => {
    const groups = groupQuestions([q('Kursk soldiers count?'), q('How many soldiers in Kursk?'), q('How many soldiers in Kursk?')]);
    expect(groups[0]).toMatchObject({ question: 'How many soldiers in Kursk?', variants: ['How many soldiers in Kursk?', 'Kursk soldiers count?'] });
  });

  it('groups questions without search terms by their text, and keeps different questions apart', () => {
    expect(groupQuestions([q('?'), q('?'), q('Why?')]).map((group) => group.count)).toEqual([2, 1]);
    expect(groupQuestions([q('Germany Patriot batteries'), q('Kursk soldiers')])).toHaveLength(2);
    expect(() => groupQuestions([], { minOverlap: 0 })).toThrow('minOverlap must be in (0, 1]');
  });
});
