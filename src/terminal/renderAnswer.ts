import type { Answer, AnswerPassage, Citation } from '../answer/answerQuestion.ts';
import { uiStrings, type UiLanguage, type UiStrings } from '../answer/strings.ts';

/** How a terminal user fills an empty index: the corpus folder in use and the command that indexes it. */
export interface EmptyIndexHelp {
  corpusDir: string;
  /** `/reindex` in the chat, `npm run index` elsewhere. */
  reindexCommand: string;
}

export interface TerminalRenderOptions {
  /** ANSI colours and bold; off when the output is not a terminal. */
  color: boolean;
  showScores: boolean;
  emptyIndex: EmptyIndexHelp;
}

/** The shared empty-index string names Discord's /add-article and corpus/; the terminal names its own folder and command. */
function emptyIndexLine(language: UiLanguage, { corpusDir, reindexCommand }: EmptyIndexHelp): string {
  return language === 'ar'
    ? `لا توجد مقالات مفهرسة بعد. ضع ملفات المقالات (Markdown أو نص أو HTML) في ${corpusDir} ثم نفّذ ${reindexCommand}.`
    : `No articles are indexed yet. Put article files (Markdown, text or HTML) in ${corpusDir} and run ${reindexCommand}.`;
}

const listSeparator: Record<UiLanguage, string> = { ar: '، ', en: ', ' };

const ansi = {
  bold: (text: string) => `\u001b[1m${text}\u001b[22m`,
  highlight: (text: string) => `\u001b[1;4m${text}\u001b[22;24m`,
  dim: (text: string) => `\u001b[2m${text}\u001b[22m`,
};

/** The passage with its answering sentence marked: bold and underlined on a terminal, «» elsewhere. */
function markHighlights(passage: AnswerPassage, color: boolean): string {
  let text = '';
  let cursor = 0;
  for (const span of [...passage.highlights].sort((a, b) => a.start - b.start)) {
    const sentence = passage.text.slice(span.start, span.end);
    text += passage.text.slice(cursor, span.start) + (color ? ansi.highlight(sentence) : `«${sentence}»`);
    cursor = span.end;
  }
  return text + passage.text.slice(cursor);
}

/** Arabic and Latin are kept on separate lines, so a bidi-aware terminal lays each line out on its own. */
function citationLines(citation: Citation, strings: UiStrings, language: UiLanguage): string[] {
  const paragraphs = `${citation.paragraphs.length > 1 ? strings.paragraphs : strings.paragraph} ${citation.paragraphs.join(listSeparator[language])}`;
  const lines = [citation.title];
  if (citation.section) lines.push(`${strings.section}: ${citation.section}`);
  lines.push(paragraphs);
  if (citation.published) lines.push(`${strings.published}: ${citation.published}`);
  if (citation.source) lines.push(`${strings.source}: ${citation.source}`);
  if (citation.library === 'server') lines.push(strings.libraryServer);
  if (citation.url) lines.push(citation.url);
  return lines;
}

export function renderAnswerForTerminal(answer: Answer, options: TerminalRenderOptions): string {
  const strings = uiStrings(answer.language);
  const dim = options.color ? ansi.dim : (text: string) => text;
  const bold = options.color ? ansi.bold : (text: string) => text;
  const out: string[] = [];
  if (answer.status === 'empty-index') out.push(emptyIndexLine(answer.language, options.emptyIndex));
  if (answer.status === 'not-found') {
    out.push(bold(strings.notFoundTitle), strings.notFound);
    if (answer.articles.length > 0) {
      out.push('', strings.indexHolds, ...answer.articles.slice(0, 10).map((article) => `  • ${article.title}`));
      if (answer.articles.length > 10) out.push(strings.moreArticles(answer.articles.length - 10));
    }
  }
  answer.passages.forEach((passage, i) => {
    out.push('', bold(`[${answer.offset + i + 1}]`), markHighlights(passage, options.color), '');
    for (const line of citationLines(passage.citation, strings, answer.language)) out.push(dim(`  ${line}`));
    if (options.showScores) {
      out.push(
        dim(`  ${strings.score}: ${passage.score.toFixed(4)} · similarity ${passage.similarity?.toFixed(3) ?? '-'} · coverage ${passage.coverage.toFixed(2)}`),
      );
    }
  });
  if (answer.mode === 'lexical') out.push('', dim(strings.lexicalOnly));
  return `${out.join('\n').trim()}\n`;
}
