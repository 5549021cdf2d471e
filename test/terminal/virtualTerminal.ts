import { Writable } from 'node:stream';

/**
 * A writable that behaves like a terminal for the escape sequences readline and cli-progress use
 * (cursor moves, clearing lines and the screen below), so a test can read what the user would see.
 * '\n' also returns to the first column, as a terminal's line discipline makes it do.
 */
export class VirtualTerminal extends Writable {
  readonly isTTY = true;
  private rows: string[][] = [[]];
  private row = 0;
  private col = 0;
  private saved = { row: 0, col: 0 };

  constructor(readonly columns = 80) {
    super({ decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.feed(chunk.toString());
    done();
  }

  /** The screen's lines, without trailing spaces or trailing empty lines. */
  get lines(): string[] {
    const lines = this.rows.map((cells) => Array.from(cells, (cell) => cell ?? ' ').join('').trimEnd());
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  get cursor(): { row: number; col: number } {
    return { row: this.row, col: this.col };
  }

  private line(): string[] {
    while (this.rows.length <= this.row) this.rows.push([]);
    return this.rows[this.row]!;
  }

  private feed(text: string): void {
    // CSI sequences (ESC [ params letter), ESC 7 / ESC 8, or one character.
    const tokens = text.match(/\u001b\[[?\d;]*[A-Za-z]|\u001b[78]|[\s\S]/gu) ?? [];
    for (const token of tokens) {
      if (token.startsWith('\u001b')) this.escape(token);
      else this.character(token);
    }
  }

  private character(char: string): void {
    if (char === '\n') {
      this.row += 1;
      this.col = 0;
    } else if (char === '\r') {
      this.col = 0;
    } else {
      if (this.col >= this.columns) {
        this.row += 1;
        this.col = 0;
      }
      this.line()[this.col] = char;
      this.col += 1;
    }
  }

  private escape(token: string): void {
    if (token === '\u001b7') this.saved = { row: this.row, col: this.col };
    if (token === '\u001b8') ({ row: this.row, col: this.col } = this.saved);
    if (!token.startsWith('\u001b[') || token.includes('?')) return;
    const command = token.at(-1)!;
    const params = token.slice(2, -1).split(';').map((part) => (part === '' ? undefined : Number(part)));
    const n = params[0] ?? 1;
    if (command === 'A') this.row = Math.max(0, this.row - n);
    if (command === 'B') this.row += n;
    if (command === 'C') this.col += n;
    if (command === 'D') this.col = Math.max(0, this.col - n);
    if (command === 'G') this.col = n - 1;
    if (command === 'H') [this.row, this.col] = [(params[0] ?? 1) - 1, (params[1] ?? 1) - 1];
    if (command === 'K') this.clearLine(params[0] ?? 0);
    if (command === 'J' && (params[0] ?? 0) === 0) {
      this.line().length = this.col;
      this.rows.length = this.row + 1;
    }
  }

  private clearLine(mode: number): void {
    const line = this.line();
    if (mode === 0) line.length = Math.min(line.length, this.col);
    if (mode === 1) line.fill(' ', 0, this.col + 1);
    if (mode === 2) line.length = 0;
  }
}
