import { describe, expect, it } from 'vitest';
import { prepareQuestion as prepare } from '../../src/answer/question.ts';
import { questionText } from '../../src/discord/questionText.ts';

/** A question as it arrives from Discord: its markup stripped by the transport, then prepared. */
const prepareQuestion = (raw: string, maxChars: number) => prepare(questionText(raw), maxChars);

describe('prepareQuestion', () => {
  it('trims, collapses whitespace and strips Discord mentions and markup', () => {
    expect(prepareQuestion('  <@123456789012345678>   **How many**   soldiers\n\n in `Kursk`?  ', 500)).toEqual({
      ok: true,
      text: 'How many soldiers in Kursk?',
      language: 'en',
    });
    expect(prepareQuestion('@everyone @here <@&987654321098765432> <#123456789012345678> ماذا حدث في كورسك؟', 500)).toEqual({
      ok: true,
      text: 'ماذا حدث في كورسك؟',
      language: 'ar',
    });
  });

  it('refuses an empty question in the language it can guess, with an example', () => {
    const refused = prepareQuestion('  <@123456789012345678> ** ** ', 500);
    expect(refused).toMatchObject({ ok: false, reason: 'empty', language: 'en' });
    expect(!refused.ok && refused.message).toBe('Please write a question, for example: "How many North Korean soldiers are in Kursk?"');
  });

  it('refuses a question over the length cap, saying the cap and the length', () => {
    const refused = prepareQuestion('لماذا '.repeat(2000), 500);
    expect(refused).toMatchObject({ ok: false, reason: 'too-long', language: 'ar' });
    expect(!refused.ok && refused.message).toBe('طول السؤال 11999 حرفًا؛ يُرجى ألا يتجاوز 500 حرف.');
    const english = prepareQuestion('why '.repeat(2500), 500);
    expect(!english.ok && english.message).toBe('That question is 9999 characters long; please keep it under 500 characters.');
  });
});
