import { describe, expect, it } from 'vitest';
import { idf } from '../../src/index/lexical/bm25.ts';
import { relevanceCoverage, termEvidence, weightedTermCoverage } from '../../src/search/termCoverage.ts';
import { toSearchTerms } from '../../src/text/terms.ts';

const term = (word: string) => toSearchTerms(word)[0]!;
const question = (text: string) => termEvidence(text, { query: true });
const passage = (text: string) => termEvidence(text);

describe('relevanceCoverage', () => {
  const statistics = {
    termWeights: new Map([
      [term('كورسك'), 3],
      [term('الجنود'), 1],
      [term('عدد'), 0.5],
    ]),
    documentCount: 100,
  };

  it('is the share of the question terms the passage holds, each weighing its inverse document frequency', () => {
    const asked = question('عدد الجنود في كورسك');
    expect(relevanceCoverage(asked, passage('القتال في منطقة كورسك'), statistics)).toBeCloseTo(3 / 4.5, 10);
    expect(relevanceCoverage(asked, passage('عدد جنود كورسك'), statistics)).toBe(1);
    expect(relevanceCoverage(question('ما هو؟'), passage('anything'), statistics)).toBe(0);
  });

  it('weighs a term the index never saw the most, so common words cannot cover a question whose keyword is nowhere', () => {
    const asked = question('عدد الجنود في ماريوبول');
    const unseen = idf(100, 0);
    expect(relevanceCoverage(asked, passage('عدد الجنود كبير'), statistics)).toBeCloseTo(1.5 / (1.5 + unseen), 10);
    expect(relevanceCoverage(asked, passage('عدد الجنود كبير'), statistics)).toBeLessThan(0.425);
  });

  it('counts a near spelling of a missing term, but never for numbers', () => {
    // Seen by the index, so the skeleton cannot be what matches it.
    const seen = { ...statistics, termWeights: new Map([[term('ستراسبورغ'), 2]]) };
    expect(relevanceCoverage(question('ستراسبورغ'), passage('مدينة ستراسبورج'), seen)).toBe(1);
    expect(relevanceCoverage(question('سنة 2015'), passage('سنة 2016'), statistics)).toBeLessThan(1);
  });

  it('counts a name the index never saw when a passage word has its consonant skeleton', () => {
    const asked = question('ماذا قال زيلنسكي');
    expect(relevanceCoverage(asked, passage('قال الرئيس زيلينسكي'), statistics)).toBe(1);
    const seen = { ...statistics, termWeights: new Map([[term('كتاب'), 2]]) };
    // كتاب and كتب share a skeleton, but a term the index holds must match itself.
    expect(relevanceCoverage(question('كتاب'), passage('كتب'), seen)).toBe(0);
  });
});

describe('weightedTermCoverage', () => {
  const weights = new Map([
    [term('كورسك'), 3],
    [term('الجنود'), 1],
  ]);

  it('weighs each question term by how rare it is in the index, leaving out unknown terms', () => {
    const asked = question('كم عدد الجنود في كورسك؟').terms;
    expect(weightedTermCoverage(asked, 'القتال في منطقة كورسك', weights)).toBeCloseTo(0.75, 10);
    expect(weightedTermCoverage(asked, 'وصول جنود من كوريا', weights)).toBeCloseTo(0.25, 10);
    expect(weightedTermCoverage(question('chocolate cake').terms, 'chocolate cake', weights)).toBe(0);
  });
});
