export type UiLanguage = 'ar' | 'en';

/** The bot's own words, in the language of the question. Passages stay in their own language. */
export const strings = {
  en: {
    sources: 'Sources',
    passage: 'Passage',
    section: 'Section',
    paragraph: 'paragraph',
    paragraphs: 'paragraphs',
    published: 'Published',
    source: 'Source',
    notFoundTitle: 'Not found',
    notFound: 'I could not find this in the indexed articles.',
    indexHolds: 'The index holds these articles:',
    moreArticles: (count: number) => `…and ${count} more.`,
    emptyIndex: 'No articles are indexed yet. An admin can add one with /add-article, or put files in corpus/ and run npm run index.',
    emptyQuestion: 'Please write a question, for example: "How many North Korean soldiers are in Kursk?"',
    tooLong: (max: number, length: number) => `That question is ${length} characters long; please keep it under ${max} characters.`,
    lexicalOnly: 'Keyword search only: the language model is not available right now, so questions in another language than the articles may find less.',
    morePassages: 'More passages',
    fullParagraph: 'Full paragraph',
    noMore: 'There are no more passages for this question.',
    indexChanged: 'The articles have been updated since this answer; here is a fresh one.',
    question: 'Question',
    queued: 'Many questions are being answered right now; yours is in the queue…',
    rateLimited: (seconds: number) => `You are asking quickly; please wait ${seconds} s before the next question.`,
    thanks: 'Thanks for the feedback!',
    score: 'score',
  },
  ar: {
    sources: 'المصادر',
    passage: 'مقطع',
    section: 'القسم',
    paragraph: 'الفقرة',
    paragraphs: 'الفقرات',
    published: 'تاريخ النشر',
    source: 'المصدر',
    notFoundTitle: 'لم يُعثر على إجابة',
    notFound: 'لم أجد إجابة عن هذا السؤال في المقالات المفهرسة.',
    indexHolds: 'يضم الفهرس هذه المقالات:',
    moreArticles: (count: number) => `…و${count} مقالات أخرى.`,
    emptyIndex: 'لا توجد مقالات مفهرسة بعد. يمكن للمشرف إضافة مقال بالأمر /add-article، أو وضع الملفات في corpus/ ثم تشغيل npm run index.',
    emptyQuestion: 'اكتب سؤالك من فضلك، مثلًا: «كم عدد الجنود الكوريين الشماليين في كورسك؟»',
    tooLong: (max: number, length: number) => `طول السؤال ${length} حرفًا؛ يُرجى ألا يتجاوز ${max} حرف.`,
    lexicalOnly: 'البحث بالكلمات فقط: النموذج اللغوي غير متاح حاليًا، لذا قد تقل النتائج للأسئلة المكتوبة بلغة غير لغة المقالات.',
    morePassages: 'مقاطع أخرى',
    fullParagraph: 'الفقرة كاملة',
    noMore: 'لا توجد مقاطع أخرى لهذا السؤال.',
    indexChanged: 'تم تحديث المقالات منذ هذه الإجابة؛ هذه إجابة محدثة.',
    question: 'السؤال',
    queued: 'هناك أسئلة كثيرة قيد المعالجة الآن؛ سؤالك في قائمة الانتظار…',
    rateLimited: (seconds: number) => `أنت تسأل بسرعة؛ يُرجى الانتظار ${seconds} ثانية قبل السؤال التالي.`,
    thanks: 'شكرًا على تقييمك!',
    score: 'الدرجة',
  },
} satisfies Record<UiLanguage, unknown>;

export type UiStrings = (typeof strings)['en'];

export function uiStrings(language: UiLanguage): UiStrings {
  return strings[language];
}
