import readline from 'node:readline';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalScreen } from '../../src/terminal/screen.ts';
import { createLogger } from '../../src/util/logger.ts';
import { VirtualTerminal } from './virtualTerminal.ts';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the terminal screen', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** A prompt on a virtual terminal, as the chat shows it. */
  function promptOn(terminal: VirtualTerminal) {
    const input = new PassThrough();
    const screen = new TerminalScreen(terminal);
    const rl = readline.createInterface({ input, output: terminal, terminal: true });
    cleanups.push(() => rl.close());
    rl.setPrompt('? ');
    rl.prompt();
    screen.promptShown(rl);
    return { input, screen, rl };
  }

  it('writes a log line above the prompt and draws the prompt again with what was typed so far', async () => {
    const terminal = new VirtualTerminal();
    const { input, screen, rl } = promptOn(terminal);
    input.write('how many sol');
    await flush();
    screen.log('12:00:01 WARN: watching the corpus stopped\n');
    expect(terminal.lines).toEqual(['12:00:01 WARN: watching the corpus stopped', '? how many sol']);
    expect(terminal.cursor).toEqual({ row: 1, col: '? how many sol'.length });

    const line = new Promise((resolve) => rl.once('line', resolve));
    input.write('diers?\n');
    expect(await line).toBe('how many soldiers?');
  });

  it('keeps a typed line that wraps whole under the log line, typed or pasted', async () => {
    for (const typed of [[...'a question longer than the terminal'], ['a question longer than the terminal']]) {
      const terminal = new VirtualTerminal(20);
      const { input, screen } = promptOn(terminal);
      for (const keys of typed) input.write(keys);
      await flush();
      screen.log('log line');
      expect(terminal.lines).toEqual(['log line', '? a question longer', 'than the terminal']);
      screen.log('another');
      expect(terminal.lines).toEqual(['log line', 'another', '? a question longer', 'than the terminal']);
      expect(terminal.cursor).toEqual({ row: 3, col: 'than the terminal'.length });
    }
  });

  it('writes a log line above a running progress bar and draws the bar again under it', () => {
    const terminal = new VirtualTerminal();
    const screen = new TerminalScreen(terminal);
    const bar = screen.progress('Embedding', 'chunks');
    cleanups.push(() => bar.stop());
    bar.update(3, 10);
    screen.log('12:00:02 INFO: index updated');
    const [logLine, barLine, ...rest] = terminal.lines;
    expect(logLine).toBe('12:00:02 INFO: index updated');
    expect(barLine).toMatch(/^Embedding \[[█░]+\] 3\/10 chunks \| /u);
    expect(rest).toEqual([]);
  });

  it('leaves the log line and the finished bar in place when the bar stops', () => {
    const terminal = new VirtualTerminal();
    const screen = new TerminalScreen(terminal);
    const bar = screen.progress('Embedding', 'chunks');
    bar.update(3, 10);
    screen.log('12:00:02 INFO: index updated');
    bar.update(10, 10);
    bar.stop();
    screen.write('Updated the index.');
    const [logLine, barLine, after, ...rest] = terminal.lines;
    expect(logLine).toBe('12:00:02 INFO: index updated');
    expect(barLine).toMatch(/^Embedding \[█+\] 10\/10 chunks \| /u);
    expect([after, ...rest]).toEqual(['Updated the index.']);
  });

  it('writes log lines as they come when the output is not a terminal', () => {
    const output = new PassThrough();
    let text = '';
    output.on('data', (data: Buffer) => (text += data.toString()));
    new TerminalScreen(output).log('{"level":30,"msg":"index updated"}');
    expect(text).toBe('{"level":30,"msg":"index updated"}\n');
  });

  it('gives the logger a stream whose readable lines land above the prompt', async () => {
    const terminal = new VirtualTerminal();
    const { input, screen } = promptOn(terminal);
    input.write('kursk');
    await flush();
    const logger = createLogger('info', screen.logStream() as unknown as NodeJS.WriteStream);
    logger.warn({ file: 'a.pdf' }, 'article skipped');
    await flush();
    const [logLine, ...rest] = terminal.lines;
    expect(logLine).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: article skipped$/u);
    expect(rest.at(-1)).toBe('? kursk');
  });
});
