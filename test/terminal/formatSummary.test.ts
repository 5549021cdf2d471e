import { describe, expect, it } from 'vitest';
import type { ReindexReport } from '../../src/app/app.ts';
import { formatSummary } from '../../src/terminal/formatSummary.ts';

function report(overrides: Partial<ReindexReport> = {}): ReindexReport {
  return {
    generation: 'gen-1',
    full: false,
    articles: { added: ['a'], updated: [], removed: [], embedded: [], unchanged: 2, total: 3 },
    chunks: { added: 12, removed: 0, total: 40, withoutVectors: 0 },
    model: 'test-org/bilingual-mini',
    seconds: 1.23,
    skipped: [],
    ...overrides,
  };
}

const unsupported = 'unsupported file type; articles are .md, .markdown, .txt, .html, .htm files.';

describe('the index summary', () => {
  it('leaves out the articles embedded after a model failure when there are none', () => {
    expect(formatSummary(report(), 'data/index', undefined)).toBe(
      'Updated the index in data/index in 1.2 s.\n' +
        'Articles: 1 added, 0 updated, 0 removed, 2 unchanged (3 in all).\n' +
        'Chunks: 12 added, 0 removed, 40 in all.',
    );
  });

  it('counts the articles embedded after a model failure when there are some', () => {
    const articles = { added: [], updated: [], removed: [], embedded: ['a', 'b'], unchanged: 1, total: 3 };
    expect(formatSummary(report({ articles }), 'data/index', undefined)).toContain(
      'Articles: 0 added, 0 updated, 0 removed, 2 embedded after an earlier model failure, 1 unchanged (3 in all).',
    );
  });

  it('names a skipped file with its reason', () => {
    const summary = formatSummary(report({ skipped: [{ file: 'a.pdf', reason: unsupported }] }), 'data/index', undefined);
    expect(summary.split('\n').at(-1)).toBe('1 file skipped: a.pdf (unsupported file type; articles are .md, .markdown, .txt, .html, .htm files).');
  });

  it('names the first three skipped files and counts the rest', () => {
    const skipped = ['a.pdf', 'b.docx', 'c.md', 'd.md', 'e.md'].map((file) => ({ file, reason: file.endsWith('.md') ? 'the file is empty.' : unsupported }));
    expect(formatSummary(report({ skipped }), 'data/index', undefined).split('\n').at(-1)).toBe(
      '5 files skipped: a.pdf (unsupported file type; articles are .md, .markdown, .txt, .html, .htm files), ' +
        'b.docx (unsupported file type; articles are .md, .markdown, .txt, .html, .htm files), c.md (the file is empty), ' +
        'and 2 more (the log names each).',
    );
  });

  it('ends with the model problem when the model is unavailable', () => {
    expect(formatSummary(report(), 'data/index', 'The model is not in models/.').split('\n').at(-1)).toBe('Model: The model is not in models/.');
  });
});
