import { describe, expect, it } from 'vitest';
import { directionOf, FSI, isolate, isolateLine, isolateRuns, LRI, PDI, RLI, stripIsolates } from '../../../src/discord/render/bidi.ts';

describe('directional isolation', () => {
  it('tells the direction of a line by its letters, digits and punctuation aside', () => {
    expect(directionOf('أكثر من 10 آلاف جندي')).toBe('rtl');
    expect(directionOf('NATO ministers met in Brussels')).toBe('ltr');
    expect(directionOf('من هو Mark Zuckerberg؟')).toBe('ltr');
    expect(directionOf('2024-11-13')).toBe('ltr');
  });

  it('isolates numbers and Latin names inside Arabic text, leaving the punctuation around them outside', () => {
    expect(isolateRuns('أكثر من 10 آلاف جندي في 13 نوفمبر 2024.', 'rtl')).toBe(`أكثر من ${FSI}10${PDI} آلاف جندي في ${FSI}13${PDI} نوفمبر ${FSI}2024${PDI}.`);
    expect(isolateRuns('المصدر (Facebook) وحلف NATO.', 'rtl')).toBe(`المصدر (${FSI}Facebook${PDI}) وحلف ${FSI}NATO${PDI}.`);
    expect(isolateRuns('قال Mark Rutte إن', 'rtl')).toBe(`قال ${FSI}Mark Rutte${PDI} إن`);
    expect(isolateRuns('بنسبة 12.5% في 2024/11/13', 'rtl')).toBe(`بنسبة ${FSI}12.5%${PDI} في ${FSI}2024/11/13${PDI}`);
  });

  it('isolates Arabic runs inside English text and leaves its numbers alone', () => {
    expect(isolateRuns('The region of كورسك الروسية lies on the border, 10 km away.', 'ltr')).toBe(
      `The region of ${FSI}كورسك الروسية${PDI} lies on the border, 10 km away.`,
    );
  });

  it('wraps a whole line in the isolate of its direction, and values in a first-strong isolate', () => {
    expect(isolateLine('في كورسك.')).toBe(`${RLI}في كورسك.${PDI}`);
    expect(isolateLine('In Kursk.')).toBe(`${LRI}In Kursk.${PDI}`);
    expect(isolateLine('Section: x', 'rtl')).toBe(`${RLI}Section: x${PDI}`);
    expect(isolate('تغير توازن القوى')).toBe(`${FSI}تغير توازن القوى${PDI}`);
    expect(isolate('')).toBe('');
  });

  it('can read back text without the isolates it added', () => {
    expect(stripIsolates(isolateLine(isolateRuns('أكثر من 10 آلاف', 'rtl')))).toBe('أكثر من 10 آلاف');
  });
});
