import readline from 'node:readline';
import { Writable } from 'node:stream';
import { createProgress, type ProgressReporter } from './progress.ts';

export type TerminalOutput = NodeJS.WritableStream & { isTTY?: boolean };

/** The part of a readline interface the screen redraws after a log line. */
interface ShownPrompt {
  getCursorPos(): { rows: number; cols: number };
  prompt(preserveCursor?: boolean): void;
  /**
   * How many rows readline's redraw moves up before drawing (a plain, undocumented property of
   * readline.Interface in Node 20 to 24). It lags the real rows when pasted text wraps.
   */
  prevRows?: number;
}

/**
 * One terminal shared by the chat's prompt, progress bars and log lines written in the background
 * (a watch-triggered reindex, the model retry): a log line goes above the prompt or the progress
 * bar, which are then drawn again under it, so nothing is glued to a bar or typed over. On anything
 * but a terminal, everything is written as it comes.
 */
export class TerminalScreen {
  private prompt: ShownPrompt | undefined;
  private bar: ProgressReporter | undefined;

  constructor(readonly output: TerminalOutput) {}

  get isTTY(): boolean {
    return Boolean(this.output.isTTY);
  }

  /** The chat's own output (answers, messages), written while no prompt is shown. */
  write(text: string): void {
    this.output.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** The prompt is on the screen, waiting for a line; log lines now go above it. */
  promptShown(prompt: ShownPrompt): void {
    this.prompt = prompt;
  }

  /** A line was entered: the prompt is gone until it is shown again. */
  promptHidden(): void {
    this.prompt = undefined;
  }

  /** One or more log lines, above the prompt or the progress bar, which are redrawn below them. */
  log(text: string): void {
    const line = text.endsWith('\n') ? text : `${text}\n`;
    if (!this.isTTY) {
      this.output.write(line);
      return;
    }
    // Rows of the prompt and the text typed so far above the cursor (a long line wraps).
    const rows = this.prompt?.getCursorPos().rows ?? 0;
    if (rows > 0) readline.moveCursor(this.output, 0, -rows);
    readline.cursorTo(this.output, 0);
    readline.clearScreenDown(this.output);
    this.output.write(line);
    this.bar?.redraw();
    if (this.prompt) {
      // readline's redraw first moves up as many rows as it believes the cursor is below the prompt's start.
      this.output.write('\n'.repeat(this.prompt.prevRows ?? rows));
      this.prompt.prompt(true);
    }
  }

  /** A writable stream of log lines for the logger (pino writes one record per chunk). */
  logStream(): Writable & { isTTY: boolean } {
    const stream = new Writable({
      decodeStrings: false,
      write: (chunk: string | Buffer, _encoding, done) => {
        this.log(chunk.toString());
        done();
      },
    });
    return Object.assign(stream, { isTTY: this.isTTY });
  }

  /** A progress bar on this screen: log lines written while it runs go above it. */
  progress(label: string, unit: string): ProgressReporter {
    const reporter = createProgress(label, unit, this.output);
    return {
      update: (done, total) => {
        this.bar = reporter;
        reporter.update(done, total);
      },
      redraw: () => reporter.redraw(),
      stop: () => {
        if (this.bar === reporter) this.bar = undefined;
        reporter.stop();
      },
    };
  }
}
