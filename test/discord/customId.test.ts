import { describe, expect, it } from 'vitest';
import { shortKey } from '../../src/app/keys.ts';
import { decodeButtonAction, encodeButtonAction, type ButtonAction } from '../../src/discord/customId.ts';

describe('button custom ids', () => {
  const generation = shortKey('2025-01-01T00:00:00.000Z');

  it('round-trips every action', () => {
    const actions: ButtonAction[] = [
      { kind: 'more', generation, offset: 3 },
      { kind: 'paragraph', generation, library: 'shared', article: shortKey('2024-11-13-us-vows-response-north-korea-russia-ukraine'), paragraph: 12 },
      { kind: 'paragraph', generation, library: 'server', article: shortKey('local-news'), paragraph: 1 },
      { kind: 'vote', vote: 'up', generation, offset: 0, labels: [{ library: 'server', label: 4 }, { library: 'shared', label: 17 }, { library: 'shared', label: 230 }] },
      { kind: 'vote', vote: 'down', generation, offset: 6, labels: [] },
      { kind: 'articles', page: 2 },
    ];
    for (const action of actions) expect(decodeButtonAction(encodeButtonAction(action))).toEqual(action);
  });

  it("keeps within Discord's 100 characters by leaving out chunk labels that do not fit", () => {
    const labels = Array.from({ length: 40 }, (_, i) => ({ library: 'shared' as const, label: 1_000_000 + i }));
    const id = encodeButtonAction({ kind: 'vote', vote: 'down', generation, offset: 30, labels });
    expect(id.length).toBeLessThanOrEqual(100);
    const decoded = decodeButtonAction(id);
    const kept = decoded?.kind === 'vote' ? decoded.labels : [];
    expect(kept).toEqual(labels.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(5);
  });

  it('gives a short hash of 8 hex digits, the same for the same value', () => {
    expect(shortKey('x')).toMatch(/^[0-9a-f]{8}$/u);
    expect(shortKey('x')).toBe(shortKey('x'));
    expect(shortKey('x')).not.toBe(shortKey('y'));
  });

  it('refuses ids of another version or shape instead of guessing', () => {
    const older = ['qa1:more:abcdef12:1', 'qa1:para:abcdef12:abcdef12:2', 'qa1:up:abcdef12:0:1.2'];
    const malformed = ['more:1', 'qa0:more:abcdef12:1', 'qa2:more:abcdef12', 'qa2:more:xyz:1', 'qa2:para:abcdef12:s:abcdef12:-1', 'qa2:para:abcdef12:x:abcdef12:2'];
    const forged = ['qa2:para:abcdef12:s:abcdef12:0', 'qa2:up:abcdef12:0:s1.x', 'qa2:up:abcdef12:0:1.5', 'qa2:up:abcdef12:0:s1.5', 'qa2:more:abcdef12:99999', 'qa2:list:', 'qa2:nope:1', ''];
    for (const id of [...older, ...malformed, ...forged]) {
      expect(decodeButtonAction(id)).toBeUndefined();
    }
  });
});
