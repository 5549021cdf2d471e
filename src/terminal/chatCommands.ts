import type { AppStatus } from '../app/app.ts';

/** What a line typed into the chat asks for. */
export type ChatLine =
  | { kind: 'nothing' }
  | { kind: 'question'; text: string; followUp: boolean }
  | { kind: 'articles' }
  | { kind: 'reindex' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'unknown'; command: string };

const commands: Record<string, ChatLine> = {
  '/articles': { kind: 'articles' },
  '/reindex': { kind: 'reindex' },
  '/help': { kind: 'help' },
  '/?': { kind: 'help' },
  '/quit': { kind: 'quit' },
  '/exit': { kind: 'quit' },
};

/** A line starting with "/" is a command (its first word); "+" asks a follow-up to the previous question. */
export function parseChatLine(raw: string): ChatLine {
  const line = raw.trim();
  if (line === '') return { kind: 'nothing' };
  if (line.startsWith('/')) {
    const command = line.split(/\s+/, 1)[0]!.toLowerCase();
    return commands[command] ?? { kind: 'unknown', command };
  }
  if (line.startsWith('+')) return { kind: 'question', text: line.slice(1).trim(), followUp: true };
  return { kind: 'question', text: line, followUp: false };
}

/** How to use the chat, with the corpus folder /reindex reads. */
export function chatHelp(corpusDir: string): string {
  return [
    'Ask a question in Arabic or English and press Enter. / اكتب سؤالك بالعربية أو الإنجليزية.',
    'Start a line with + to ask a follow-up to the previous question: "+ and when was that?"',
    `Commands: /articles (what is indexed), /reindex (re-read ${corpusDir}), /help (this list), /quit (or Ctrl+D)`,
  ].join('\n');
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The chat's first line: what it answers from and how. */
export function statusLine(status: AppStatus): string {
  const index = `${count(status.articles, 'article', 'articles')}, ${count(status.chunks, 'chunk', 'chunks')}`;
  const search =
    status.mode === 'hybrid'
      ? `hybrid search (meaning and keywords) with ${status.model}`
      : 'keyword search only (the model is not available; the log says why, and it is retried in the background)';
  return `Index: ${index} · ${search}.`;
}
