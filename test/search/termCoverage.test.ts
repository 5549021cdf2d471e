import { describe, expect, it } from 'vitest';
import { termCoverage, weightedTermCoverage } from '../../src/search/termCoverage.ts';
import { toSearchTerms } from '../../src/text/terms.ts';

describe('termCoverage', () => {
  it('is the share of the question terms the text holds, stop words and surface forms aside', () => {
    const question = toSearchTerms('كم عدد الجنود في كورسك؟');
    expect(termCoverage(question, 'القتال في منطقة كورسك')).toBeCloseTo(1 / 3, 10);
    expect(termCoverage(question, 'عدد جنود كورسك')).toBe(1);
    expect(termCoverage([], 'anything')).toBe(0);
  });

  it('counts words the index never saw, so one generic word cannot cover a question', () => {
    const question = toSearchTerms('Who won the Berlin Marathon with a world record?');
    expect(termCoverage(question, 'Sea ice reached a record low.')).toBeLessThan(0.5);
  });
});

describe('weightedTermCoverage', () => {
  const weights = new Map([
    [toSearchTerms('كورسك')[0]!, 3],
    [toSearchTerms('الجنود')[0]!, 1],
  ]);

  it('weighs each question term by how rare it is in the index, leaving out unknown terms', () => {
    const question = toSearchTerms('كم عدد الجنود في كورسك؟');
    expect(weightedTermCoverage(question, 'القتال في منطقة كورسك', weights)).toBeCloseTo(0.75, 10);
    expect(weightedTermCoverage(question, 'وصول جنود من كوريا', weights)).toBeCloseTo(0.25, 10);
    expect(weightedTermCoverage(toSearchTerms('chocolate cake'), 'chocolate cake', weights)).toBe(0);
  });
});
