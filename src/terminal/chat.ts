import readline from 'node:readline/promises';
import type { App, Scope } from '../app/app.ts';
import { UserFacingError } from '../errors.ts';
import { chatHelp, parseChatLine, statusLine, type ChatLine } from './chatCommands.ts';
import { formatSummary } from './formatSummary.ts';
import { renderAnswerForTerminal } from './renderAnswer.ts';
import { TerminalScreen, type TerminalOutput } from './screen.ts';

export interface ChatOptions {
  input: NodeJS.ReadableStream;
  output: TerminalOutput;
  showScores: boolean;
  /** The screen the logger writes to as well (scripts/start.ts shares it); by default one over `output`. */
  screen?: TerminalScreen;
  /** Answer as a Discord server would (`npm start -- --library <id>`): its library and the shared one. */
  library?: string | undefined;
}

function scopeOf(options: ChatOptions): Scope {
  return options.library ? { kind: 'server', guildId: options.library } : { kind: 'local' };
}

/** What the chat remembers between lines. */
interface ChatState {
  previousQuestion: string | undefined;
}

async function listArticles(app: App, scope: Scope): Promise<string> {
  const articles = await app.articles(scope);
  if (articles.length === 0) return 'No articles are indexed.';
  return articles.map((a) => `• ${a.title}\n  ${a.id} · ${a.published ?? '—'} · ${a.chunks} chunks`).join('\n');
}

async function reindex(app: App, screen: TerminalScreen, library: string | undefined): Promise<string> {
  // On a terminal a bar; in a pipe nothing until the summary, which says it all.
  const progress = screen.isTTY ? screen.progress('Embedding', 'chunks') : undefined;
  try {
    const summary = await app.reindex({ onProgress: ({ done, total }) => progress?.update(done, total) }, library);
    return formatSummary(summary, app.indexWhere(library), app.status().modelProblem);
  } catch (error) {
    // A corpus folder that cannot be read is the user's to fix; the chat goes on with the index it has.
    if (error instanceof UserFacingError) return error.message;
    throw error;
  } finally {
    progress?.stop();
  }
}

async function answer(app: App, line: Extract<ChatLine, { kind: 'question' }>, state: ChatState, options: ChatOptions): Promise<string> {
  const result = await app.ask(line.text, { scope: scopeOf(options), context: line.followUp ? state.previousQuestion : undefined });
  if (!result.ok) return result.message;
  state.previousQuestion = result.answer.question;
  return renderAnswerForTerminal(result.answer, {
    color: Boolean(options.output.isTTY),
    showScores: options.showScores,
    emptyIndex: { corpusDir: app.libraryFolders(options.library).corpusDir, reindexCommand: '/reindex' },
  });
}

/** The reply to one line, or undefined for nothing to say. */
async function reply(app: App, line: ChatLine, state: ChatState, options: ChatOptions & { screen: TerminalScreen }): Promise<string | undefined> {
  switch (line.kind) {
    case 'nothing':
    case 'quit':
      return undefined;
    case 'articles':
      return listArticles(app, scopeOf(options));
    case 'reindex':
      return reindex(app, options.screen, options.library);
    case 'help':
      return chatHelp(app.libraryFolders(options.library).corpusDir);
    case 'unknown':
      return `There is no command ${line.command}.\n${chatHelp(app.libraryFolders(options.library).corpusDir)}`;
    case 'question':
      return answer(app, line, state, options);
  }
}

/**
 * An interactive chat on the terminal over the same index as the bot. A question that replies to
 * the previous answer can start with "+" to be asked as a follow-up ("+ and when was that?").
 */
export async function runTerminalChat(app: App, options: ChatOptions): Promise<void> {
  const screen = options.screen ?? new TerminalScreen(options.output);
  const rl = readline.createInterface({ input: options.input, output: screen.output, terminal: screen.isTTY });
  // Once the input has ended, readline refuses prompt() (Node 24: "readline was closed") while the
  // lines it buffered are still to be answered: the prompt is then written as text, so a piped
  // transcript reads the same on every Node version.
  let inputEnded = false;
  rl.once('close', () => (inputEnded = true));
  const showPrompt = () => {
    screen.write('');
    if (inputEnded) {
      screen.output.write(rl.getPrompt());
      return;
    }
    rl.prompt();
    screen.promptShown(rl);
  };

  screen.write(`${statusLine(app.status())}\n${chatHelp(app.libraryFolders(options.library).corpusDir)}`);
  rl.setPrompt('? ');
  const state: ChatState = { previousQuestion: undefined };
  showPrompt();
  try {
    // The iterator buffers lines, so piped input is not lost while an answer is being composed.
    for await (const raw of rl) {
      screen.promptHidden();
      const line = parseChatLine(raw);
      if (line.kind === 'quit') break;
      const text = await reply(app, line, state, { ...options, screen });
      if (text !== undefined) screen.write(text);
      showPrompt();
    }
  } finally {
    screen.promptHidden();
    rl.close();
  }
}
