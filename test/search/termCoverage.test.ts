import { describe, expect, it } from 'vitest';
import { termCoverage } from '../../src/search/termCoverage.ts';
import { toSearchTerms } from '../../src/text/terms.ts';

describe('termCoverage', () => {
  const weights = new Map([
    [toSearchTerms('كورسك')[0]!, 3],
    [toSearchTerms('الجنود')[0]!, 1],
  ]);

  it('weighs each question term by how rare it is in the index', () => {
    const question = toSearchTerms('كم عدد الجنود في كورسك؟');
    expect(termCoverage(question, 'القتال في منطقة كورسك', weights)).toBeCloseTo(0.75, 10);
    expect(termCoverage(question, 'وصول جنود من كوريا', weights)).toBeCloseTo(0.25, 10);
    expect(termCoverage(question, 'جنود في كورسك', weights)).toBe(1);
  });

  it('leaves out terms no indexed passage contains, and is 0 when none is known', () => {
    expect(termCoverage(toSearchTerms('كورسك chocolate'), 'كورسك', weights)).toBe(1);
    expect(termCoverage(toSearchTerms('chocolate cake'), 'chocolate cake', weights)).toBe(0);
  });
});
