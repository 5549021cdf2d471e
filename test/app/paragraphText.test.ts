import { describe, expect, it } from 'vitest';
import { joinWindows } from '../../src/app/paragraphText.ts';

describe('joining the windows of a long paragraph', () => {
  it('keeps the sentence two windows share once', () => {
    expect(joinWindows([['A.', 'B.', 'C.'], ['C.', 'D.', 'E.'], ['E.', 'F.']])).toBe('A. B. C. D. E. F.');
  });

  it('handles overlaps of more than one sentence, and none', () => {
    expect(joinWindows([['A.', 'B.', 'C.'], ['B.', 'C.', 'D.']])).toBe('A. B. C. D.');
    expect(joinWindows([['A.'], ['B.']])).toBe('A. B.');
    expect(joinWindows([['Only one.']])).toBe('Only one.');
    expect(joinWindows([])).toBe('');
  });
});
