import readline from 'node:readline/promises';
import type { App } from '../app/createApp.ts';
import { renderAnswerForTerminal } from './renderAnswer.ts';

export interface ChatOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
  showScores: boolean;
}

const HELP = [
  'Ask a question in Arabic or English and press Enter. / اكتب سؤالك بالعربية أو الإنجليزية.',
  'Commands: /articles (what is indexed), /reindex (re-read corpus/), /quit',
].join('\n');

/**
 * An interactive chat on the terminal over the same index as the bot. A question that replies to
 * the previous answer can start with "+" to be asked as a follow-up ("+ and when was that?").
 */
export async function runTerminalChat(app: App, options: ChatOptions): Promise<void> {
  const rl = readline.createInterface({ input: options.input, output: options.output, terminal: Boolean(options.output.isTTY) });
  const write = (text: string) => options.output.write(text.endsWith('\n') ? text : `${text}\n`);
  write(HELP);
  let previousQuestion: string | undefined;
  try {
    for (;;) {
      let line: string;
      try {
        line = (await rl.question('\n? ')).trim();
      } catch {
        break;
      }
      if (line === '/quit' || line === '/exit') break;
      if (line === '') continue;
      if (line === '/articles') {
        const articles = app.index.snapshot?.articles ?? [];
        write(articles.length ? articles.map((a) => `• ${a.title}\n  ${a.id} · ${a.published ?? '—'} · ${a.labels.length} chunks`).join('\n') : 'No articles are indexed.');
        continue;
      }
      if (line === '/reindex') {
        const summary = await app.index.reindex();
        write(`Indexed: ${summary.articles.added.length} added, ${summary.articles.updated.length} updated, ${summary.articles.removed.length} removed, ${summary.articles.unchanged} unchanged.`);
        continue;
      }
      const followUp = line.startsWith('+');
      const question = followUp ? line.slice(1) : line;
      const result = await app.ask(question, { context: followUp ? previousQuestion : undefined });
      if (!result.ok) {
        write(result.message);
        continue;
      }
      previousQuestion = result.answer.question;
      write(renderAnswerForTerminal(result.answer, { color: Boolean(options.output.isTTY), showScores: options.showScores }));
    }
  } finally {
    rl.close();
  }
}
