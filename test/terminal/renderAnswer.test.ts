import { describe, expect, it } from 'vitest';
import { emptyIndexAnswer, type Answer, type AnswerPassage } from '../../src/answer/answerQuestion.ts';
import type { UiLanguage } from '../../src/answer/strings.ts';
import { renderAnswerForTerminal, type TerminalRenderOptions } from '../../src/terminal/renderAnswer.ts';

const options: TerminalRenderOptions = { color: false, showScores: false, emptyIndex: { corpusDir: '/srv/news', reindexCommand: 'npm run index' } };

const text = 'NATO ministers met in Brussels on Thursday. They discussed North Korean troops in Kursk.';

function passageOver(paragraphs: number[]): AnswerPassage {
  return {
    chunkIds: ['nato:1'],
    labels: [1],
    text,
    sentences: [
      { start: 0, end: 43 },
      { start: 44, end: text.length },
    ],
    highlights: [{ start: 44, end: text.length }],
    answeringParagraph: paragraphs[0],
    language: 'en',
    score: 0.03,
    similarity: 0.7,
    coverage: 1,
    citation: { library: 'shared', articleId: 'nato', title: 'NATO ministers meet in Brussels', section: undefined, paragraphs, url: undefined, source: undefined, published: '2024-11-14' },
  };
}

function answerIn(language: UiLanguage, paragraphs: number[]): Answer {
  return {
    question: 'Kursk?',
    language,
    status: 'answered',
    passages: [passageOver(paragraphs)],
    offset: 0,
    hasMore: false,
    mode: 'hybrid',
    articles: [],
    generation: 'gen-1',
  };
}

describe('an answer on the terminal', () => {
  it('lists the paragraphs of an English answer with an English comma', () => {
    expect(renderAnswerForTerminal(answerIn('en', [4, 5]), options)).toContain('\n  paragraphs 4, 5\n');
  });

  it('lists the paragraphs of an Arabic answer with the Arabic comma', () => {
    expect(renderAnswerForTerminal(answerIn('ar', [4, 5]), options)).toContain('\n  الفقرات 4، 5\n');
  });

  it('marks the answering sentence with «» when the output is not a terminal', () => {
    expect(renderAnswerForTerminal(answerIn('en', [2]), options)).toContain('on Thursday. «They discussed North Korean troops in Kursk.»');
  });

  it('tells a terminal user with an empty index which folder to fill and what to run, not Discord’s /add-article', () => {
    const answer = emptyIndexAnswer({ question: 'Kursk?', language: 'en' }, 'hybrid', '');
    expect(renderAnswerForTerminal(answer, options)).toBe(
      'No articles are indexed yet. Put article files (Markdown, text or HTML) in /srv/news and run npm run index.\n',
    );
  });

  it('says the same in Arabic to an Arabic question', () => {
    const answer = emptyIndexAnswer({ question: 'كورسك؟', language: 'ar' }, 'hybrid', '');
    expect(renderAnswerForTerminal(answer, { ...options, emptyIndex: { corpusDir: '/srv/news', reindexCommand: '/reindex' } })).toBe(
      'لا توجد مقالات مفهرسة بعد. ضع ملفات المقالات (Markdown أو نص أو HTML) في /srv/news ثم نفّذ /reindex.\n',
    );
  });
});
