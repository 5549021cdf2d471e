import 'dotenv/config';
import { parseArgs } from 'node:util';
import { App } from '../src/app/app.ts';
import { loadSettings } from '../src/config/settings.ts';
import { formatSummary } from '../src/terminal/formatSummary.ts';
import { createProgress } from '../src/terminal/progress.ts';
import { runCli } from '../src/terminal/runCli.ts';
import { createLogger } from '../src/util/logger.ts';

runCli(async () => {
  const { values } = parseArgs({ options: { full: { type: 'boolean', default: false }, watch: { type: 'boolean', default: false } } });
  const settings = loadSettings();
  const logger = createLogger(settings.logLevel);
  const download = createProgress('Downloading the model', 'bytes');
  const app = new App({ settings, logger, onModelDownload: (progress) => download.update(progress.loaded, progress.total) });
  const progress = createProgress('Embedding', 'chunks');
  const summary = await app.reindex({ full: values.full, onProgress: ({ done, total }) => progress.update(done, total) });
  progress.stop();
  download.stop();
  process.stdout.write(`${formatSummary(summary, settings.indexDir, app.status().modelProblem)}\n`);
  if (!values.watch) {
    await app.close();
    return;
  }
  process.stdout.write(`Watching ${settings.corpusDir} for changes (Ctrl+C to stop)…\n`);
  await app.start();
  app.watchCorpus();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
});
