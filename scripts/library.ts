import 'dotenv/config';
import fs from 'node:fs/promises';
import path from 'node:path';
import { App } from '../src/app/app.ts';
import { libraryExists, libraryPaths, parseLibraryId, SHARED_LIBRARY } from '../src/app/library.ts';
import { loadSettings } from '../src/config/settings.ts';
import { UserFacingError } from '../src/errors.ts';
import { UsageError, parseCommandLine, runCli } from '../src/terminal/runCli.ts';
import { createLogger } from '../src/util/logger.ts';

const USAGE = `usage: npm run library -- list
       npm run library -- remove <server id>
       npm run library -- move <article id> --from <library> --to <library>

  list     every library: the shared one and each server's, with its articles and chunks
  remove   deletes a server's library (its articles, index and feedback) — for a server that removed the bot
  move     moves an article's file from one library's corpus to another's and reindexes both
           (a library is a Discord server id, or "shared")`;

async function list(app: App): Promise<void> {
  const lines = [];
  for (const id of [SHARED_LIBRARY, ...(await app.libraries.serverIds())]) {
    const articles = await app.libraryArticles(id);
    const chunks = articles.reduce((sum, article) => sum + article.chunks, 0);
    lines.push(`${id.padEnd(22)} ${String(articles.length).padStart(5)} articles ${String(chunks).padStart(7)} chunks   ${libraryPaths(id, app.settings).corpusDir}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function remove(app: App, id: string): Promise<void> {
  if (id === SHARED_LIBRARY) throw new UsageError('the shared library is CORPUS_DIR itself: remove its files there instead');
  const paths = libraryPaths(id, app.settings);
  if (!(await libraryExists(paths))) throw new UserFacingError(`The server ${id} has no library (no folder ${paths.corpusDir}).`);
  await app.libraries.remove(id);
  process.stdout.write(`Removed the library of the server ${id} (${path.dirname(paths.corpusDir)}).\n`);
}

async function move(app: App, articleId: string, from: string, to: string): Promise<void> {
  const source = (await app.libraries.library(from)) ?? undefined;
  const entry = source?.index.snapshot?.article(articleId);
  if (!source || !entry) throw new UserFacingError(`The library ${from} has no article ${articleId}; \`npm run library -- list\` shows the libraries.`);
  const target = (await app.libraries.library(to, { create: true }))!;
  const destination = path.join(target.paths.corpusDir, entry.file);
  if (await fs.access(destination).then(() => true, () => false)) throw new UserFacingError(`${destination} exists already; rename one of the files first.`);
  await fs.rename(path.join(source.paths.corpusDir, entry.file), destination);
  await source.index.reindex();
  await target.index.reindex();
  process.stdout.write(`Moved ${entry.title} (${articleId}) from the library ${from} to ${to}; both are reindexed.\n`);
}

runCli(async () => {
  const { values, positionals } = parseCommandLine({ allowPositionals: true, options: { from: { type: 'string' }, to: { type: 'string' } } });
  const [command, argument] = positionals;
  const settings = loadSettings();
  const app = new App({ settings, logger: createLogger(settings.logLevel) });
  try {
    if (command !== 'remove') await app.start();
    if (command === 'list' && !argument) await list(app);
    else if (command === 'remove' && argument) await remove(app, parseLibraryId(argument));
    else if (command === 'move' && argument && values.from && values.to) await move(app, argument, parseLibraryId(values.from), parseLibraryId(values.to));
    else throw new UsageError(command ? `"${command}" needs other arguments` : 'which command?');
  } finally {
    await app.close();
  }
}, USAGE);
