import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/text/sentences.ts';

const sentences = (text: string): string[] => splitSentences(text).map(({ start, end }) => text.slice(start, end));

describe('splitSentences', () => {
  it('splits English at . ! and ?', () => {
    expect(sentences('The army withdrew. Was it over? Nobody knew!')).toEqual([
      'The army withdrew.',
      'Was it over?',
      'Nobody knew!',
    ]);
  });

  it('splits Arabic at ؟ ؛ and . even without a following space', () => {
    expect(sentences('هل انتهت الحرب؟ لا؛ قال الوزير إنها مستمرة.وأضاف أن المفاوضات متوقفة.')).toEqual([
      'هل انتهت الحرب؟',
      'لا؛',
      'قال الوزير إنها مستمرة.',
      'وأضاف أن المفاوضات متوقفة.',
    ]);
  });

  it('splits at line breaks', () => {
    expect(sentences('العنوان الرئيسي\nنص الخبر\r\nSecond line')).toEqual(['العنوان الرئيسي', 'نص الخبر', 'Second line']);
  });

  it('does not split inside decimal numbers', () => {
    expect(sentences('Inflation rose 10.5 percent. Pi is 3.14 here.')).toEqual([
      'Inflation rose 10.5 percent.',
      'Pi is 3.14 here.',
    ]);
    expect(sentences('ارتفع التضخم 10٫5 بالمئة. ثم تراجع.')).toEqual(['ارتفع التضخم 10٫5 بالمئة.', 'ثم تراجع.']);
  });

  it('does not split after abbreviations, titles and initials', () => {
    expect(sentences('The U.S. Army met Dr. Smith and J. Doe at 9 a.m. on Jan. 5. They agreed.')).toEqual([
      'The U.S. Army met Dr. Smith and J. Doe at 9 a.m. on Jan. 5.',
      'They agreed.',
    ]);
    expect(sentences('Fruit, e.g. apples, etc. are sold. Mr. Lee said so.')).toEqual([
      'Fruit, e.g. apples, etc. are sold.',
      'Mr. Lee said so.',
    ]);
  });

  it('still splits after an ordinary word that happens to be short', () => {
    expect(sentences('The answer was no. Then he left.')).toEqual(['The answer was no.', 'Then he left.']);
  });

  it('keeps an ellipsis followed by lower case inside the sentence', () => {
    expect(sentences('He paused... and then left. It was over... Then rain came.')).toEqual([
      'He paused... and then left.',
      'It was over...',
      'Then rain came.',
    ]);
  });

  it('does not split URLs', () => {
    expect(sentences('Read https://example.com/news/a.html?id=3. It is long.')).toEqual([
      'Read https://example.com/news/a.html?id=3.',
      'It is long.',
    ]);
  });

  it('keeps closing quotes and brackets with the sentence they close', () => {
    expect(sentences('He said "stop." Then (quietly.) She left.')).toEqual(['He said "stop."', 'Then (quietly.)', 'She left.']);
    expect(sentences('قال «انتهى الأمر.» ثم غادر.')).toEqual(['قال «انتهى الأمر.»', 'ثم غادر.']);
  });

  it('gives trimmed offsets that slice back to each sentence', () => {
    const text = '  First one.   Second one?  \n  ';
    expect(splitSentences(text)).toEqual([
      { start: 2, end: 12 },
      { start: 15, end: 26 },
    ]);
  });

  it('returns no sentences for empty or punctuation-only text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' ...\n\n — \n')).toEqual([]);
  });
});
