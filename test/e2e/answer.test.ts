import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerPassage } from '../../src/answer/answerQuestion.ts';
import { ModelLoadError } from '../../src/errors.ts';
import { createTestApp, englishFixture, seedArticle, type TestApp } from '../support/testApp.ts';

const seedTitle = 'أمريكا تتعهد برد حازم على التدخل العسكري لكوريا الشمالية إلى جانب روسيا في أوكرانيا';

function highlighted(passage: AnswerPassage): string[] {
  return passage.highlights.map((span) => passage.text.slice(span.start, span.end));
}

async function answer(app: TestApp, question: string, options = {}): Promise<Answer> {
  const result = await app.app.ask(question, options);
  if (!result.ok) throw new Error(result.message);
  return result.answer;
}

describe('corpus files to a cited answer, with the test model', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ articles: [seedArticle, englishFixture] });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('answers an English question with the Arabic paragraph on Kursk, the right sentence highlighted and cited', async () => {
    const result = await answer(t, 'How many soldiers were sent to the Kursk region?');
    expect(result.status).toBe('answered');
    expect(result.language).toBe('en');
    expect(result.mode).toBe('hybrid');
    const [first] = result.passages;
    expect(first!.language).toBe('ar');
    expect(first!.text).toContain('منطقة كورسك');
    expect(highlighted(first!)).toEqual([
      'وأكدت الولايات المتحدة أن أكثر من 10 آلاف جندي كوري شمالي تم نشرهم في روسيا، وخاصة في منطقة كورسك، حيث يشاركون بنشاط في العمليات القتالية إلى جانب القوات الروسية.',
    ]);
    expect(first!.citation).toMatchObject({
      articleId: '2024-11-13-us-vows-response-north-korea-russia-ukraine',
      title: seedTitle,
      section: undefined,
      published: '2024-11-13',
      source: 'الموقع العربي للدفاع والتسليح (Facebook)',
    });
    expect(first!.citation.paragraphs).toContain(2);
  });

  it('answers an Arabic question in Arabic with the passage in its own words', async () => {
    const result = await answer(t, 'ماذا قال بلينكين في بروكسل؟');
    expect(result.language).toBe('ar');
    const [first] = result.passages;
    expect(highlighted(first!)[0]).toContain('أدان وزير الخارجية الأمريكي أنتوني بلينكين بشدة في بروكسل');
    expect(first!.citation.paragraphs[0]).toBe(1);
  });

  it('cites the section heading of an English article and the source link', async () => {
    const result = await answer(t, 'How many Patriot batteries will Germany deliver?');
    const [first] = result.passages;
    expect(highlighted(first!)).toEqual(['Germany said it would deliver two additional Patriot batteries.']);
    expect(first!.citation).toMatchObject({ section: 'Air defence', url: 'https://example.org/news/nato-brussels-ukraine', paragraphs: [2] });
  });

  it('says "not found" and lists what the index holds instead of returning the least bad passage', async () => {
    const result = await answer(t, 'What is the recipe for chocolate cake?');
    expect(result.status).toBe('not-found');
    expect(result.passages).toEqual([]);
    expect(result.articles.map((article) => article.title).sort()).toEqual([seedTitle, 'NATO ministers meet in Brussels over support for Ukraine'].sort());
  });

  it('uses the earlier question as context for a follow-up', async () => {
    const alone = await answer(t, 'and when was that signed?');
    const followUp = await answer(t, 'and when was that signed?', { context: 'the comprehensive strategic partnership agreement between Moscow and Pyongyang' });
    expect(followUp.status).toBe('answered');
    expect(followUp.passages[0]!.text).toContain('ففي يونيو/حزيران 2024، وقعت موسكو وبيونج يانج اتفاقية شراكة استراتيجية شاملة');
    expect(alone.passages[0]?.text ?? '').not.toContain('اتفاقية شراكة');
  });

  it('gives the next passages on request, without repeating the first page', async () => {
    const first = await answer(t, 'North Korea Russia');
    const second = await answer(t, 'North Korea Russia', { offset: first.passages.length });
    expect(first.hasMore).toBe(true);
    const firstIds = first.passages.flatMap((passage) => passage.chunkIds);
    expect(second.passages.flatMap((passage) => passage.chunkIds).some((id) => firstIds.includes(id))).toBe(false);
    expect(second.offset).toBe(3);
  });
});

describe('without the model', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      articles: [seedArticle, englishFixture],
      loadEmbedder: async () => {
        throw new ModelLoadError('offline');
      },
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('still answers with keyword search and says so', async () => {
    const result = await answer(t, 'كورسك');
    expect(result.mode).toBe('lexical');
    expect(result.status).toBe('answered');
    expect(result.passages[0]!.text).toContain('كورسك');
    expect(t.app.models.unavailableReason).toBe('offline');
  });
});

describe('keyword relevance without the model', () => {
  it('finds the Kursk paragraph for an Arabic question whose other words the articles do not use', async () => {
    const t = await createTestApp({
      loadEmbedder: async () => {
        throw new ModelLoadError('offline');
      },
    });
    const result = await answer(t, 'كم عدد الجنود الكوريين في كورسك؟');
    expect(result.status).toBe('answered');
    expect(result.passages[0]!.citation.paragraphs).toEqual([2]);
    const unrelated = await answer(t, 'ما هي وصفة كعكة الشوكولاتة؟');
    expect(unrelated.status).toBe('not-found');
    await t.cleanup();
  });
});
