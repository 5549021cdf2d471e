import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../src/app/app.ts';
import { chatHelp, parseChatLine, statusLine } from '../../src/terminal/chatCommands.ts';

describe('a line typed into the chat', () => {
  it('is a question unless it starts with "/" or "+"', () => {
    expect(parseChatLine('  How many soldiers?  ')).toEqual({ kind: 'question', text: 'How many soldiers?', followUp: false });
  });

  it('is a follow-up to the previous question when it starts with "+"', () => {
    expect(parseChatLine('+ and when?')).toEqual({ kind: 'question', text: 'and when?', followUp: true });
  });

  it('is a command when it starts with "/", whatever its case', () => {
    expect(parseChatLine('/Articles')).toEqual({ kind: 'articles' });
    expect(parseChatLine('/reindex')).toEqual({ kind: 'reindex' });
    expect(parseChatLine('/help')).toEqual({ kind: 'help' });
    expect(parseChatLine('/exit')).toEqual({ kind: 'quit' });
  });

  it('is an unknown command, not a question, when "/" starts a word the chat does not know', () => {
    expect(parseChatLine('/add-article https://example.org')).toEqual({ kind: 'unknown', command: '/add-article' });
  });

  it('is nothing when it is blank', () => {
    expect(parseChatLine('   ')).toEqual({ kind: 'nothing' });
  });
});

describe('the chat help', () => {
  it('lists the commands, the "+" follow-up and the corpus folder /reindex reads', () => {
    expect(chatHelp('/srv/news')).toBe(
      'Ask a question in Arabic or English and press Enter. / اكتب سؤالك بالعربية أو الإنجليزية.\n' +
        'Start a line with + to ask a follow-up to the previous question: "+ and when was that?"\n' +
        'Commands: /articles (what is indexed), /reindex (re-read /srv/news), /help (this list), /quit (or Ctrl+D)',
    );
  });
});

describe('the chat status line', () => {
  const status: AppStatus = { mode: 'hybrid', model: 'Xenova/multilingual-e5-small', modelProblem: undefined, articles: 1, chunks: 13, indexCreatedAt: 'gen-1', openLibraries: 0 };

  it('says the search mode, the model and what the index holds', () => {
    expect(statusLine(status)).toBe('Index: 1 article, 13 chunks · hybrid search (meaning and keywords) with Xenova/multilingual-e5-small.');
  });

  it('says keyword search only while the model is unavailable', () => {
    expect(statusLine({ ...status, mode: 'lexical', model: undefined, modelProblem: 'not found', articles: 2, chunks: 1 })).toBe(
      'Index: 2 articles, 1 chunk · keyword search only (the model is not available; the log says why, and it is retried in the background).',
    );
  });
});
