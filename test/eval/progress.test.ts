import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/eval/progress.ts';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('eval progress', () => {
  it('writes a few plain lines per phase when the output is not a terminal', () => {
    const { stream, text } = collect();
    const progress = progressReporter(stream);
    progress.update({ phase: 'indexing', done: 64, total: 100 });
    progress.update({ phase: 'indexing', done: 100, total: 100 });
    for (let done = 1; done <= 8; done += 1) progress.update({ phase: 'asking', file: '/data/xquad.ar.json', done, total: 8 });
    progress.stop();
    expect(text()).toBe(
      [
        'embedding paragraphs: 64/100',
        'embedding paragraphs: 100/100',
        'asking xquad.ar.json: 1/8',
        'asking xquad.ar.json: 2/8',
        'asking xquad.ar.json: 4/8',
        'asking xquad.ar.json: 6/8',
        'asking xquad.ar.json: 8/8',
        '',
      ].join('\n'),
    );
  });
});
