import 'dotenv/config';
import { App } from '../src/app/app.ts';
import { parseLibraryId } from '../src/app/library.ts';
import { loadSettings } from '../src/config/settings.ts';
import { formatSummary } from '../src/terminal/formatSummary.ts';
import { createProgress } from '../src/terminal/progress.ts';
import { parseCommandLine, runCli } from '../src/terminal/runCli.ts';
import { createLogger } from '../src/util/logger.ts';

const USAGE = `usage: npm run index -- [--full] [--watch] [--library <server id>]

  --full        rebuild the index from scratch instead of updating what changed
  --watch       keep the index in line with the corpus folder as files change (Ctrl+C to stop)
  --library ID  a Discord server's library (DATA_DIR/libraries/<id>/) instead of the shared one`;

runCli(async () => {
  const { values } = parseCommandLine({
    options: { full: { type: 'boolean', default: false }, watch: { type: 'boolean', default: false }, library: { type: 'string' } },
  });
  const library = values.library === undefined ? undefined : parseLibraryId(values.library);
  const settings = loadSettings();
  const logger = createLogger(settings.logLevel);
  const download = createProgress('Downloading the model', 'bytes');
  const app = new App({ settings, logger, onModelDownload: (progress) => download.update(progress.loaded, progress.total) });
  const progress = createProgress('Embedding', 'chunks');
  const folders = app.libraryFolders(library);
  const summary = await app.reindex({ full: values.full, onProgress: ({ done, total }) => progress.update(done, total) }, library).finally(() => {
    progress.stop();
    download.stop();
  });
  process.stdout.write(`${formatSummary(summary, app.indexWhere(library), app.status().modelProblem)}\n`);
  if (!values.watch) {
    await app.close();
    return;
  }
  process.stdout.write(`Watching ${folders.corpusDir} for changes (Ctrl+C to stop)…\n`);
  await app.start();
  app.watchCorpus();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
}, USAGE);
