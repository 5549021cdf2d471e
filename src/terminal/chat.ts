import readline from 'node:readline/promises';
import type { App } from '../app/app.ts';
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
  rl.setPrompt('\n? ');
  rl.prompt();
  try {
    // The iterator buffers lines, so piped input is not lost while an answer is being composed.
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '/quit' || line === '/exit') break;
      if (line === '/articles') {
        const articles = await app.articles();
        write(articles.length ? articles.map((a) => `• ${a.title}\n  ${a.id} · ${a.published ?? '—'} · ${a.chunks} chunks`).join('\n') : 'No articles are indexed.');
      } else if (line === '/reindex') {
        const summary = await app.reindex();
        write(`Indexed: ${summary.articles.added.length} added, ${summary.articles.updated.length} updated, ${summary.articles.removed.length} removed, ${summary.articles.unchanged} unchanged.`);
      } else if (line !== '') {
        const followUp = line.startsWith('+');
        const result = await app.ask(followUp ? line.slice(1) : line, { context: followUp ? previousQuestion : undefined });
        if (result.ok) {
          previousQuestion = result.answer.question;
          write(renderAnswerForTerminal(result.answer, { color: Boolean(options.output.isTTY), showScores: options.showScores }));
        } else {
          write(result.message);
        }
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}
