import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../src/terminal/chat.ts';
import { TerminalScreen } from '../../src/terminal/screen.ts';
import { createTestApp, type TestApp, type TestAppOptions } from '../support/testApp.ts';
import { VirtualTerminal } from './virtualTerminal.ts';

const help = (corpusDir: string) =>
  'Ask a question in Arabic or English and press Enter. / اكتب سؤالك بالعربية أو الإنجليزية.\n' +
  'Start a line with + to ask a follow-up to the previous question: "+ and when was that?"\n' +
  `Commands: /articles (what is indexed), /reindex (re-read ${corpusDir}), /help (this list), /quit (or Ctrl+D)\n`;

describe('the terminal chat', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.cleanup();
  });

  async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
    const t = await createTestApp(options);
    apps.push(t);
    return t;
  }

  /** The chat's output for lines piped in, the input ending after the last one. */
  async function chat(t: TestApp, lines: string[]): Promise<string> {
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

  it('opens with one status line (search mode, articles, chunks) and the commands', async () => {
    const t = await testApp();
    const text = await chat(t, []);
    expect(text).toBe(
      `Index: 1 article, ${t.app.status().chunks} chunks · hybrid search (meaning and keywords) with test-org/bilingual-mini.\n` +
        `${help(t.settings.corpusDir)}\n? `,
    );
  });

  it('answers /help with the commands, including the "+" follow-up, instead of searching for it', async () => {
    const t = await testApp();
    const text = await chat(t, ['/help']);
    expect(text.split('\n? ')[1]).toBe(help(t.settings.corpusDir));
  });

  it('answers an unknown command with the list of commands', async () => {
    const t = await testApp();
    const text = await chat(t, ['/halp']);
    expect(text.split('\n? ')[1]).toBe(`There is no command /halp.\n${help(t.settings.corpusDir)}`);
  });

  it('answers every line piped in and returns once the input has ended, without /quit', async () => {
    const t = await testApp();
    const text = await chat(t, ['/articles', 'ماذا قال بلينكين في بروكسل؟']);
    expect(text).toContain('2024-11-13-us-vows-response-north-korea-russia-ukraine · 2024-11-13 ·');
    expect(text).toContain('\n? [1]\n«في 13 نوفمبر 2024، أدان وزير الخارجية الأمريكي أنتوني بلينكين');
  });

  it('tells how to add articles on the terminal, with the real corpus folder, when the index is empty', async () => {
    const t = await testApp({ articles: [] });
    const text = await chat(t, ['How many soldiers are in Kursk?']);
    expect(text.split('\n? ')[1]).toBe(`No articles are indexed yet. Put article files (Markdown, text or HTML) in ${t.settings.corpusDir} and run /reindex.\n`);
  });

  it('reindexes in a child process on /reindex and names the files it skipped', async () => {
    const t = await testApp({ reindexInWorker: true });
    await fs.writeFile(path.join(t.settings.corpusDir, 'a.pdf'), '%PDF-1.4');
    const text = await chat(t, ['/reindex']);
    expect(text.split('\n? ')[1]).toMatch(
      new RegExp(
        `^Updated the index in ${t.settings.indexDir} in \\d+\\.\\d s\\.\n` +
          'Articles: 0 added, 0 updated, 0 removed, 1 unchanged \\(1 in all\\)\\.\n' +
          'Chunks: 0 added, 0 removed, \\d+ in all\\.\n' +
          '1 file skipped: a\\.pdf \\(unsupported file type; articles are \\.md, \\.markdown, \\.txt, \\.html, \\.htm files\\)\\.\n$',
      ),
    );
  });

  it('explains a corpus folder that cannot be read on /reindex and goes on with the index it has', async () => {
    const t = await testApp();
    await fs.rm(t.settings.corpusDir, { recursive: true });
    const text = await chat(t, ['/reindex', '/articles']);
    const [, reindexReply, articlesReply] = text.split('\n? ');
    expect(reindexReply).toBe(`The corpus folder ${t.settings.corpusDir} cannot be read (ENOENT: no such file or directory, scandir '${t.settings.corpusDir}'); check CORPUS_DIR.\n`);
    expect(articlesReply).toContain('2024-11-13-us-vows-response-north-korea-russia-ukraine');
  });

  it('on a terminal, writes a log line that arrives while it waits above the prompt', async () => {
    const t = await testApp();
    const terminal = new VirtualTerminal(200);
    const input = new PassThrough();
    const screen = new TerminalScreen(terminal);
    const done = runTerminalChat(t.app, { input, output: terminal, showScores: false, screen });
    input.write('kur');
    await new Promise((resolve) => setImmediate(resolve));
    screen.log('12:00:03 INFO: index updated');
    expect(terminal.lines.slice(-4)).toEqual([
      `Commands: /articles (what is indexed), /reindex (re-read ${t.settings.corpusDir}), /help (this list), /quit (or Ctrl+D)`,
      '',
      '12:00:03 INFO: index updated',
      '? kur',
    ]);
    input.write('\u0015/quit\n');
    await done;
  });
});
