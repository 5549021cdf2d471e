import fs from 'node:fs';
import path from 'node:path';
import { Random } from './random.ts';

/**
 * Questions to time the question path with: XQuAD's own Arabic and English questions when the
 * data is on disk (the generated corpus is made from its paragraphs, so they find matches), or
 * questions made of corpus-like words otherwise.
 */
export function benchQuestions(count: number, options: { seed: number; xquadDir: string | undefined; arabicShare: number }): string[] {
  const random = new Random(options.seed ^ 0x2545f491);
  const pool = { ar: xquadQuestions(options.xquadDir, 'ar'), en: xquadQuestions(options.xquadDir, 'en') };
  return Array.from({ length: count }, () => {
    const language = random.next() < options.arabicShare ? 'ar' : 'en';
    const questions = pool[language];
    if (questions.length > 0) return random.pick(questions);
    const words = language === 'ar' ? ['كم', 'عدد', 'الجنود', 'الذين', 'أرسلتهم', 'الحكومة', 'إلى', 'المنطقة', 'العام', 'الماضي'] : ['how', 'many', 'soldiers', 'did', 'the', 'government', 'send', 'to', 'region', 'last', 'year'];
    return `${Array.from({ length: 5 + random.int(6) }, () => random.pick(words)).join(' ')}${language === 'ar' ? '؟' : '?'}`;
  });
}

function xquadQuestions(dir: string | undefined, language: 'ar' | 'en'): string[] {
  const file = dir ? path.join(dir, `xquad.${language}.json`) : undefined;
  if (!file || !fs.existsSync(file)) return [];
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { data: Array<{ paragraphs: Array<{ qas: Array<{ question: string }> }> }> };
  return json.data.flatMap((article) => article.paragraphs.flatMap((paragraph) => paragraph.qas.map((qa) => qa.question.trim()))).filter(Boolean);
}
