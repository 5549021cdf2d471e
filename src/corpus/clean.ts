import { normalizeForMatching } from '../text/normalize.ts';
import { looksLikeByline } from './byline.ts';
import { MappedText } from './mappedText.ts';
import type { Block } from './types.ts';

export interface CleanOptions {
  /** Markdown inline markup (emphasis, links, images) is removed from the text. */
  markdown: boolean;
  /** Longest line (in words) that can be taken for a section heading. */
  maxHeadingWords: number;
}

export const defaultCleanOptions: CleanOptions = { markdown: false, maxHeadingWords: 12 };

const BLANK = /^[\s\u00a0\u200b-\u200f\u2028\u2029\u202f\ufeff]*$/u;
const MARKDOWN_HEADING = /^ {0,3}#{1,6}[ \t]+/;
const INVISIBLE = /[\u200b\u200e\u200f\u2060\ufeff]/gu;
const SPACES = /[\s\u00a0\u202f]+/gu;
const TERMINAL_PUNCTUATION = /[.!?؟:;؛،,…]["'”’»)\]]*$/u;

/** Lines that are the site's chrome, not the article: "Site name | Facebook", share and follow prompts, copyright. */
const BOILERPLATE = [
  /^.{0,120}[|•·\-–—]\s*(facebook|twitter|x|instagram|youtube|telegram|linkedin|tiktok|whatsapp|فيسبوك|فيس بوك|تويتر|إنستغرام|انستغرام|يوتيوب|تيليجرام|تلغرام|واتساب)\s*$/iu,
  /^(share|share this( article)?|follow us( on .{0,40})?|read (more|also)|related( articles)?|advertisement|all rights reserved.*|(copyright\s*)?(©|\(c\)|copyright\s+\d{4}).{0,80})\s*:?\s*$/iu,
  /^(شارك( المقال| الخبر)?|مشاركة|تابعونا( على .{0,40})?|تابعنا( على .{0,40})?|اقرأ (أيضا|أيضًا|أيضاً|المزيد)|إعلان|جميع الحقوق محفوظة.{0,80}|حقوق النشر.{0,80})\s*:?\s*$/u,
];

/**
 * Punctuation artefacts that break sentences in the middle, each repaired by deleting characters
 * only (the words are never changed):
 * - a comma followed by a full stop ("2023،." "والأسلحة، . بما"): the comma stays;
 * - a full stop followed by a comma ("ذلك. ، قد"): the comma stays;
 * - a full stop with a space before it inside Arabic text ("بيونج يانج . اتفاقية"): a real full
 *   stop is never detached; elsewhere only the space goes.
 */
const PUNCTUATION_REPAIRS: Array<[RegExp, (match: RegExpExecArray) => string]> = [
  [/([،,])[ \u00a0]*\.(?!\.)(?=[ \u00a0]|$)/gu, (match) => match[1]!],
  [/[ \u00a0]*\.[ \u00a0]+([،,])/gu, (match) => match[1]!],
  [/(\S)[ \u00a0]+\.(?!\.)(?=[ \u00a0]+[\u0621-\u064a])/gu, (match) => match[1]!],
  [/(\S)[ \u00a0]+\.(?!\.)(?=[ \u00a0]|$)/gu, (match) => `${match[1]!}.`],
];

/**
 * Arabic words that continue a clause and do not open a sentence in news prose: prepositions
 * and particles that need a governing verb before them, and manner adverbs that follow their verb.
 * A full stop right before one of them is a stray one.
 */
const CLAUSE_CONTINUATIONS = new Set(
  ['إلى', 'بما', 'بالنسبة', 'لدى', 'ضد', 'نحو', 'مثل', 'بشدة', 'بنشاط', 'بقوة', 'بسرعة', 'بشكل', 'بصورة', 'بالكامل'].map((word) =>
    normalizeForMatching(word),
  ),
);
/**
 * An adverb in the accusative (tanween fath: "جزئيًا"), unless a comma, ل or ما follows: "وفقًا لـ",
 * "غالبًا ما" and "أولًا،" do open sentences.
 */
const ACCUSATIVE_ADVERB = /^\p{L}+(?:\u064b\u0627|\u0627\u064b)(?![\p{L}\u064b-\u065f])(?!\s*[،,])(?!\s+ل)(?!\s+ما(?!\p{L}))/u;
/** A phrase closed by a comma within its first four words opens a sentence ("إلى ذلك،", "لدى وصوله إلى بروكسل،"). */
const OPENING_PHRASE = /^[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+){0,3}\s*[،,]/u;
/** Openers of a conditional or concessive clause whose answer begins with ف ("ورغم أن … فإن …"). */
const CONDITIONAL_OPENER = /^(?:و|ف)?(?:رغم|على الرغم|إذا|اذا|لو|لئن|مهما|كلما|أما|اما)(?:\s|$)/u;
/** The ف that answers such a clause, before a particle ("فإن", "فقد"); never "في" or "فيما". */
const CONDITIONAL_ANSWER = /^ف(?:إن|ان|إنه|انه|إنها|انها|قد|سوف|لا|لن|لم)$/u;
const ANSWERED = /\sف(?!ي\s|يما\s|وق\s)[\p{L}\p{M}]+/u;

function repairStrayFullStops(paragraph: MappedText): MappedText {
  return paragraph.replace(/\.[ \u00a0]+(?=\S)/gu, (match) => {
    const rest = match.input.slice(match.index + match[0].length);
    const nextWord = rest.match(/^[\p{L}\p{M}]+/u)?.[0] ?? '';
    if (OPENING_PHRASE.test(rest)) return match[0];
    if (CLAUSE_CONTINUATIONS.has(normalizeForMatching(nextWord))) return ' ';
    if (ACCUSATIVE_ADVERB.test(rest)) return ' ';
    if (CONDITIONAL_ANSWER.test(nextWord)) {
      const before = match.input.slice(0, match.index);
      const sentenceStart = Math.max(before.lastIndexOf('.'), before.lastIndexOf('؟'), before.lastIndexOf('!'), before.lastIndexOf('?')) + 1;
      const clause = before.slice(sentenceStart).trim();
      if (CONDITIONAL_OPENER.test(clause) && !ANSWERED.test(clause)) return ' ';
    }
    return match[0];
  });
}

function stripMarkdownInline(text: MappedText): MappedText {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/gu, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/gu, (match) => match[1]!)
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/gu, (match) => match[2]!)
    .replace(/(?<![\p{L}\p{N}*_])([*_])(?=\S)(.+?)(?<=\S)\1(?![\p{L}\p{N}*_])/gu, (match) => match[2]!)
    .replace(/`([^`]+)`/gu, (match) => match[1]!);
}

function comparisonKey(line: string): string {
  return normalizeForMatching(line).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function splitLines(original: string): Line[] {
  const lines: Line[] = [];
  const pattern = /[^\r\n]*(?:\r\n|\r|\n|$)/gy;
  for (let match = pattern.exec(original); match && match.index < original.length; match = pattern.exec(original)) {
    const text = match[0].replace(/[\r\n]+$/u, '');
    lines.push({ start: match.index, end: match.index + text.length, text });
  }
  return lines;
}

function isBoilerplate(line: string): boolean {
  const trimmed = line.replace(SPACES, ' ').trim();
  return BOILERPLATE.some((pattern) => pattern.test(trimmed));
}

function looksLikeHeading(block: MappedText, next: RawBlock | undefined, maxWords: number): boolean {
  const text = block.text;
  if (next === undefined || next.heading) return false;
  if (text.length > 100 || TERMINAL_PUNCTUATION.test(text) || looksLikeByline(text)) return false;
  const words = text.split(' ').filter(Boolean).length;
  return words > 0 && words <= maxWords;
}

interface RawBlock {
  content: MappedText;
  heading: boolean;
  lineCount: number;
}

/**
 * Turns an article body into headings and paragraphs, dropping what is not the article
 * (headline repeated as image captions, blank and non-breaking-space lines, footers) and
 * repairing broken punctuation, while keeping each character's place in the original.
 */
export function cleanArticleText(original: string, title: string, options: Partial<CleanOptions> = {}): Block[] {
  const { markdown, maxHeadingWords } = { ...defaultCleanOptions, ...options };
  const titleKey = comparisonKey(title);
  const seen = new Set<string>();
  const raw: RawBlock[] = [];
  let current: RawBlock | undefined;

  for (const line of splitLines(original)) {
    const key = comparisonKey(line.text);
    const dropped = BLANK.test(line.text) || key === '' || key === titleKey || seen.has(key) || isBoilerplate(line.text);
    if (!dropped) seen.add(key);
    if (dropped) {
      current = undefined;
      continue;
    }
    const content = MappedText.fromOriginal(original, line.start, line.end);
    const headingMarker = line.text.match(MARKDOWN_HEADING);
    if (headingMarker) {
      raw.push({ content: content.slice(headingMarker[0].length), heading: true, lineCount: 1 });
      current = undefined;
    } else if (current) {
      current.content = current.content.join(content, ' ');
      current.lineCount += 1;
    } else {
      current = { content, heading: false, lineCount: 1 };
      raw.push(current);
    }
  }

  for (const block of raw) {
    let content = block.content.replace(INVISIBLE, '');
    if (markdown) content = stripMarkdownInline(content);
    block.content = content.replace(SPACES, ' ').trim();
    if (block.heading) block.content = block.content.replace(/\s*#+$/gu, '');
  }
  const nonEmpty = raw.filter((block) => block.content.length > 0);

  const blocks: Block[] = [];
  nonEmpty.forEach((block, i) => {
    const heading = block.heading || (block.lineCount === 1 && looksLikeHeading(block.content, nonEmpty[i + 1], maxHeadingWords));
    if (heading) {
      blocks.push({ kind: 'heading', content: block.content });
      return;
    }
    let content = block.content;
    for (const [pattern, replacement] of PUNCTUATION_REPAIRS) content = content.replace(pattern, replacement);
    content = repairStrayFullStops(content).replace(SPACES, ' ').trim();
    const previous = blocks[blocks.length - 1];
    // A paragraph that ends on a comma was cut in two: the sentence goes on in the next one.
    if (previous?.kind === 'paragraph' && /[،,]$/u.test(previous.content.text)) {
      previous.content = previous.content.join(content, ' ');
    } else {
      blocks.push({ kind: 'paragraph', content });
    }
  });
  return blocks;
}
