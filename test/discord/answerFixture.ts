import { answeringParagraph, type Answer, type AnswerPassage } from '../../src/answer/answerQuestion.ts';
import type { Span } from '../../src/chunk/types.ts';
import { splitSentences } from '../../src/text/sentences.ts';

export const KURSK_PARAGRAPH =
  'وأكدت الولايات المتحدة أن أكثر من 10 آلاف جندي كوري شمالي تم نشرهم في روسيا، وخاصة في منطقة كورسك، حيث يشاركون بنشاط في العمليات القتالية إلى جانب القوات الروسية. كانت هذه المنطقة، الواقعة على طول الحدود الأوكرانية، تحت السيطرة الأوكرانية جزئيًا منذ هجوم ناجح في أغسطس.';

/** The sentences of a text whose paragraphs are separated by blank lines, as the chunker finds them. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const block of text.split(/(\n\s*\n)/u)) {
    if (!/^\n\s*\n$/u.test(block)) for (const sentence of splitSentences(block)) spans.push({ start: start + sentence.start, end: start + sentence.end });
    start += block.length;
  }
  return spans;
}

/** A passage whose highlight is the given sentence of its text. */
export function passage(text: string, highlighted: string, overrides: Partial<AnswerPassage> = {}): AnswerPassage {
  const start = text.indexOf(highlighted);
  const highlights = start >= 0 ? [{ start, end: start + highlighted.length }] : [];
  const citation = {
    library: 'shared',
    articleId: 'seed',
    title: 'أمريكا تتعهد برد حازم على التدخل العسكري لكوريا الشمالية',
    section: undefined,
    paragraphs: overrides.citation?.paragraphs ?? [2],
    url: 'https://example.org/news/kursk?id=1',
    source: 'الموقع العربي للدفاع والتسليح (Facebook)',
    published: '2024-11-13',
  };
  return {
    chunkIds: ['seed:abc'],
    labels: [4],
    text,
    sentences: sentenceSpans(text),
    highlights,
    answeringParagraph: answeringParagraph({ text, highlights, citation }),
    language: 'ar',
    score: 0.0328,
    similarity: 0.61,
    coverage: 0.5,
    citation,
    ...overrides,
  };
}

export function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    question: 'How many soldiers were sent to Kursk?',
    language: 'en',
    status: 'answered',
    passages: [passage(KURSK_PARAGRAPH, KURSK_PARAGRAPH.slice(0, KURSK_PARAGRAPH.indexOf('الروسية.') + 'الروسية.'.length))],
    offset: 0,
    hasMore: true,
    mode: 'hybrid',
    articles: [],
    generation: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}
