import { describe, expect, it } from 'vitest';
import type { FeedbackRecord } from '../../src/feedback/feedbackLog.ts';
import { buildFeedbackReport, formatFeedbackReport } from '../../src/feedback/feedbackReport.ts';

const now = Date.parse('2025-01-10T00:00:00.000Z');
const base = { language: 'en' as const, generation: 'abcdef12' };
const notFound = (question: string, at: string, user = 'u1'): FeedbackRecord => ({ type: 'not-found', question, at, user, ...base });
const vote = (question: string, v: 'up' | 'down', at: string, user = 'u1'): FeedbackRecord => ({ type: 'vote', vote: v, offset: 0, chunkIds: [], question, at, user, ...base });

describe('the feedback report', () => {
  const records = [
    notFound('What is the recipe for chocolate cake?', '2025-01-09T00:00:00.000Z'),
    notFound('Chocolate cake recipe?', '2025-01-08T00:00:00.000Z', 'u2'),
    vote('How many soldiers in Kursk?', 'down', '2025-01-09T01:00:00.000Z'),
    vote('How many soldiers in Kursk?', 'up', '2025-01-09T02:00:00.000Z', 'u3'),
    notFound('Old question from last month', '2024-12-01T00:00:00.000Z'),
  ];

  it('keeps the period asked for and groups what found nothing or got 👎', () => {
    const report = buildFeedbackReport(records, { days: 7, now });
    expect(report.since).toBe('2025-01-03T00:00:00.000Z');
    expect(report.totals).toEqual({ notFound: 2, down: 1, up: 1 });
    expect(report.groups.map((group) => [group.count, group.notFound, group.down])).toEqual([
      [2, 2, 0],
      [1, 0, 1],
    ]);
    expect(buildFeedbackReport(records, { days: 60, now }).totals.notFound).toBe(3);
  });

  it('counts a voter who changed their mind on one answer once, with their last vote', () => {
    const report = buildFeedbackReport([vote('Q?', 'down', '2025-01-09T00:00:00.000Z'), vote('Q?', 'up', '2025-01-09T00:01:00.000Z')], { days: 7, now });
    expect(report.totals).toEqual({ notFound: 0, down: 0, up: 1 });
    expect(report.groups).toEqual([]);
  });

  it('prints readably for the terminal', () => {
    const text = formatFeedbackReport(buildFeedbackReport(records, { days: 7, now }));
    expect(text).toContain('in the last 7 days (since 2025-01-03): 2 not found, 1 👎, 1 👍.');
    expect(text).toMatch(/ {3}2× {2}(What is the recipe for chocolate cake\?|Chocolate cake recipe\?) {3}\(2 not found, 0 👎; last 2025-01-09\)/u);
    expect(text).toContain('        also: ');
    expect(formatFeedbackReport(buildFeedbackReport([], { days: 7, now }))).toContain('Nothing to review.');
    expect(() => buildFeedbackReport([], { days: 0, now })).toThrow('days must be a whole number > 0');
  });
});
