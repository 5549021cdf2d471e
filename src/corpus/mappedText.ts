/**
 * Text that remembers, for each of its characters, where that character stood in the original
 * article. Cleaning only ever deletes characters or inserts separators, so a chunk of cleaned
 * text can always be traced back to the exact original words a citation should quote.
 */
export class MappedText {
  private constructor(
    readonly text: string,
    /** offsets[i] is the index in the original text of text[i]. */
    readonly offsets: Int32Array,
  ) {}

  static fromOriginal(original: string, start = 0, end = original.length): MappedText {
    const offsets = new Int32Array(end - start);
    for (let i = 0; i < offsets.length; i += 1) offsets[i] = start + i;
    return new MappedText(original.slice(start, end), offsets);
  }

  get length(): number {
    return this.text.length;
  }

  slice(start: number, end: number = this.text.length): MappedText {
    return new MappedText(this.text.slice(start, end), this.offsets.slice(start, end));
  }

  /**
   * Replaces every match of a global pattern. Characters of the replacement that also occur in
   * the match (in order) keep their original offsets; any other character is mapped to the
   * position of the match, so the map stays monotonic.
   */
  replace(pattern: RegExp, replacement: string | ((match: RegExpExecArray) => string)): MappedText {
    if (!pattern.global) throw new TypeError('MappedText.replace needs a global pattern');
    let text = '';
    const offsets: number[] = [];
    let cursor = 0;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(this.text); match; match = pattern.exec(this.text)) {
      if (match[0].length === 0) {
        pattern.lastIndex += 1;
        continue;
      }
      for (let i = cursor; i < match.index; i += 1) offsets.push(this.offsets[i]!);
      text += this.text.slice(cursor, match.index);
      const replaced = typeof replacement === 'string' ? replacement : replacement(match);
      let searchFrom = 0;
      for (const char of replaced) {
        const found = match[0].indexOf(char, searchFrom);
        const at = found === -1 ? Math.min(searchFrom, match[0].length - 1) : found;
        if (found !== -1) searchFrom = found + char.length;
        for (let unit = 0; unit < char.length; unit += 1) offsets.push(this.offsets[match.index + at]!);
      }
      text += replaced;
      cursor = match.index + match[0].length;
    }
    for (let i = cursor; i < this.text.length; i += 1) offsets.push(this.offsets[i]!);
    text += this.text.slice(cursor);
    return new MappedText(text, Int32Array.from(offsets));
  }

  trim(): MappedText {
    const start = this.text.length - this.text.trimStart().length;
    const end = this.text.trimEnd().length;
    return start >= end ? this.slice(0, 0) : this.slice(start, end);
  }

  /** Joins two pieces with a separator mapped to the end of this piece. */
  join(other: MappedText, separator: string): MappedText {
    const at = this.offsets.length > 0 ? this.offsets[this.offsets.length - 1]! : (other.offsets[0] ?? 0);
    const offsets = new Int32Array(this.offsets.length + separator.length + other.offsets.length);
    offsets.set(this.offsets, 0);
    offsets.fill(at, this.offsets.length, this.offsets.length + separator.length);
    offsets.set(other.offsets, this.offsets.length + separator.length);
    return new MappedText(this.text + separator + other.text, offsets);
  }

  /** The span of the original text covered by text[start, end). */
  originalSpan(start: number, end: number): { start: number; end: number } {
    if (end <= start) {
      const at = this.offsets[start] ?? (this.offsets.length > 0 ? this.offsets[this.offsets.length - 1]! + 1 : 0);
      return { start: at, end: at };
    }
    return { start: this.offsets[start]!, end: this.offsets[end - 1]! + 1 };
  }
}
