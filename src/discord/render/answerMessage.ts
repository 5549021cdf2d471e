import { ButtonStyle } from 'discord.js';
import type { APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import type { Answer, AnswerPassage } from '../../answer/answerQuestion.ts';
import { uiStrings, type UiLanguage } from '../../answer/strings.ts';
import { shortKey } from '../../app/keys.ts';
import { encodeButtonAction } from '../customId.ts';
import { directionOf, isolate, isolateLine } from './bidi.ts';
import { libraryTagOf, renderCitation, safeLink } from './citation.ts';
import { clip, discordLimits, escapeText } from './limits.ts';
import { button, buttonRows, embedSize, message, type ButtonRow, type RenderedMessage } from './message.ts';
import { renderPassageText } from './passageText.ts';
import { renderQuestionLine } from './questionLine.ts';

export interface AnswerRenderOptions {
  showScores: boolean;
  /** A line under the question, such as "the articles have changed since". */
  notice?: string | undefined;
}

const ANSWER_COLOR = 0x2f6fb5;
const NOT_FOUND_COLOR = 0x8a8f98;
/** Room kept for each passage's own text when titles and citations compete for the 6,000 characters. */
const MIN_PASSAGE_CHARS = 300;
const fullLimits = { title: discordLimits.embedTitle - 2, citationValue: 300 };
const compactLimits = { title: 100, citationValue: 60 };

function scoreLine(passage: AnswerPassage, language: UiLanguage): string {
  const s = uiStrings(language);
  const parts = [`${s.score} ${passage.score.toFixed(4)}`, `${s.coverage} ${passage.coverage.toFixed(2)}`];
  if (passage.similarity !== undefined) parts.splice(1, 0, `${s.similarity} ${passage.similarity.toFixed(3)}`);
  return parts.join(' · ');
}

interface EmbedFrame {
  embed: APIEmbed;
  citation: string;
  passage: AnswerPassage;
}

function frame(passage: AnswerPassage, rank: number, answer: Answer, options: AnswerRenderOptions, last: boolean, limits: typeof fullLimits): EmbedFrame {
  const s = uiStrings(answer.language);
  const footer = [options.showScores ? scoreLine(passage, answer.language) : '', last && answer.mode === 'lexical' ? s.lexicalOnly : '']
    .filter(Boolean)
    .join('\n');
  const link = safeLink(passage.citation.url);
  const embed: APIEmbed = {
    color: ANSWER_COLOR,
    author: { name: isolateLine(`${s.passage} ${rank}`, answer.language === 'ar' ? 'rtl' : 'ltr') },
    title: isolateLine(clip(passage.citation.title, limits.title)),
    ...(link && { url: link.slice(1, -1) }),
    ...(footer && { footer: { text: footer } }),
  };
  return { embed, citation: renderCitation(passage.citation, answer.language, limits.citationValue), passage };
}

/** What an embed holds besides its passage text. */
function fixedSize(frame: EmbedFrame): number {
  return embedSize(frame.embed) + frame.citation.length + 2;
}

/**
 * The passages' frames (everything but their text), so that each passage keeps room for its text:
 * long titles and citations are shortened first, and passages that still do not fit are left for
 * "More passages".
 */
function frames(answer: Answer, options: AnswerRenderOptions): EmbedFrame[] {
  const passages = answer.passages.slice(0, discordLimits.embedsPerMessage);
  const build = (count: number, limits: typeof fullLimits) =>
    passages.slice(0, count).map((passage, i) => frame(passage, answer.offset + i + 1, answer, options, i === count - 1, limits));
  const fits = (list: EmbedFrame[]) => list.reduce((sum, f) => sum + fixedSize(f) + MIN_PASSAGE_CHARS, 0) <= discordLimits.embedTotal;
  const full = build(passages.length, fullLimits);
  if (fits(full)) return full;
  for (let count = passages.length; count > 1; count -= 1) {
    const compact = build(count, compactLimits);
    if (fits(compact)) return compact;
  }
  return build(1, compactLimits);
}

/**
 * Shares the 6,000 characters of a message among passage texts: short passages keep all of
 * theirs, the rest split what is left evenly ("water-filling"), each within its description's 4,096.
 */
function shareBudget(frames: EmbedFrame[]): number[] {
  const fixed = frames.map(fixedSize);
  const cap = frames.map((f) => discordLimits.embedDescription - f.citation.length - 2);
  const wanted = frames.map((f, i) => Math.min(cap[i]!, renderPassageText(f.passage, Infinity).length));
  let remaining = discordLimits.embedTotal - fixed.reduce((sum, n) => sum + n, 0);
  const budgets = new Array<number>(frames.length).fill(0);
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a]! - wanted[b]!);
  order.forEach((index, position) => {
    const share = Math.floor(remaining / (order.length - position));
    budgets[index] = Math.max(0, Math.min(wanted[index]!, share));
    remaining -= budgets[index]!;
  });
  return budgets;
}

function answerButtons(answer: Answer): ButtonRow[] {
  const s = uiStrings(answer.language);
  const generation = shortKey(answer.generation);
  const labels = answer.passages.flatMap((passage) => passage.labels.map((label) => ({ library: libraryTagOf(passage.citation), label })));
  const actions: APIButtonComponentWithCustomId[] = [];
  if (answer.hasMore) {
    actions.push(button(encodeButtonAction({ kind: 'more', generation, offset: answer.offset + answer.passages.length }), s.morePassages, { style: ButtonStyle.Primary }));
  }
  actions.push(
    button(encodeButtonAction({ kind: 'vote', vote: 'up', generation, offset: answer.offset, labels }), '', { emoji: '👍' }),
    button(encodeButtonAction({ kind: 'vote', vote: 'down', generation, offset: answer.offset, labels }), '', { emoji: '👎' }),
  );
  const paragraphs = answer.passages.flatMap((passage, i) => {
    const paragraph = passage.answeringParagraph;
    if (paragraph === undefined) return [];
    const label = answer.passages.length > 1 ? `${s.fullParagraph} ${answer.offset + i + 1}` : s.fullParagraph;
    const action = { kind: 'paragraph' as const, generation, library: libraryTagOf(passage.citation), article: shortKey(passage.citation.articleId), paragraph };
    return [button(encodeButtonAction(action), label)];
  });
  return buttonRows(actions, paragraphs);
}

function notFoundEmbed(answer: Answer): APIEmbed {
  const s = uiStrings(answer.language);
  const direction = answer.language === 'ar' ? 'rtl' : 'ltr';
  const lines = answer.status === 'empty-index' ? [isolateLine(s.emptyIndex, direction)] : [isolateLine(s.notFound, direction)];
  if (answer.status === 'not-found' && answer.articles.length > 0) {
    lines.push('', isolateLine(s.indexHolds, direction));
    const room = discordLimits.embedDescription - 100;
    let used = lines.join('\n').length;
    for (const [i, article] of answer.articles.entries()) {
      const line = isolateLine(`• ${isolate(escapeText(clip(article.title, 200)))}`, direction);
      if (used + line.length + 1 > room) {
        lines.push(isolateLine(s.moreArticles(answer.articles.length - i), direction));
        break;
      }
      lines.push(line);
      used += line.length + 1;
    }
  }
  return {
    color: NOT_FOUND_COLOR,
    title: isolateLine(s.notFoundTitle, direction),
    description: lines.join('\n'),
    ...(answer.mode === 'lexical' && { footer: { text: s.lexicalOnly } }),
  };
}

/**
 * An answer as one Discord message: the question, then one embed per passage with the answering
 * sentence in bold and its citation, then the buttons. Fits Discord's limits by construction.
 */
export function renderAnswer(answer: Answer, options: AnswerRenderOptions): RenderedMessage {
  const notice = options.notice ? `\n${isolateLine(escapeText(options.notice))}` : '';
  const content = `${renderQuestionLine(answer.question, discordLimits.content - notice.length)}${notice}`;
  if (answer.passages.length === 0) {
    if (answer.status === 'answered') {
      // A later page that came out empty.
      const s = uiStrings(answer.language);
      return message({ content, embeds: [{ color: NOT_FOUND_COLOR, description: isolateLine(s.noMore, directionOf(s.noMore)) }] });
    }
    return message({ content, embeds: [notFoundEmbed(answer)] });
  }
  const shown = frames(answer, options);
  const budgets = shareBudget(shown);
  const embeds = shown.map((f, i) => {
    const body = renderPassageText(f.passage, budgets[i]!);
    return { ...f.embed, description: [body, f.citation].filter(Boolean).join('\n\n') };
  });
  const passages = shown.map((f) => f.passage);
  const hasMore = answer.hasMore || passages.length < answer.passages.length;
  return message({ content, embeds, components: answerButtons({ ...answer, passages, hasMore }) });
}
