import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../src/terminal/chat.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';

describe('the terminal chat', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  async function chat(lines: string[]): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (data: Buffer) => (text += data.toString()));
    const done = runTerminalChat(t.app, { input, output, showScores: false });
    for (const line of lines) input.write(`${line}\n`);
    input.end();
    await done;
    return text;
  }

  it('answers a question with the highlighted sentence and its citation, lists articles and quits', async () => {
    const text = await chat(['ماذا قال بلينكين في بروكسل؟', '/articles', '/quit']);
    expect(text).toContain('«في 13 نوفمبر 2024، أدان وزير الخارجية الأمريكي أنتوني بلينكين بشدة في بروكسل');
    expect(text).toContain('  أمريكا تتعهد برد حازم على التدخل العسكري لكوريا الشمالية إلى جانب روسيا في أوكرانيا\n  الفقرة 1\n  تاريخ النشر: 2024-11-13');
    expect(text).toContain('2024-11-13-us-vows-response-north-korea-russia-ukraine · 2024-11-13 ·');
  });

  it('asks a follow-up with "+" using the previous question as context', async () => {
    const text = await chat(['What did Moscow and Pyongyang sign?', '+ and when?']);
    expect(text.split('[1]').length).toBe(3);
    expect(text).toContain('يونيو/حزيران 2024');
  });

  it('explains an empty question instead of searching', async () => {
    const text = await chat(['?', '/quit']);
    expect(text).toContain('Please write a question');
  });
});
