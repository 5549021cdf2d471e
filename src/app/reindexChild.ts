// Child-process entry: runs one reindex away from the bot's event loop (hnswlib's insertions and
// onnxruntime-node 1.14's inference are synchronous) and reports back to the parent over IPC.
import { loadCorpus } from '../corpus/loadCorpus.ts';
import { loadEmbedder } from '../embed/loadEmbedder.ts';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../util/logger.ts';
import type { ChildJob, ChildMessage } from './reindexInChild.ts';
import { withStoreAt } from './stores.ts';

const post = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
const log =
  (level: keyof Logger) =>
  (obj: object | string, msg?: string): void =>
    void post({ type: 'log', level, obj: typeof obj === 'string' ? { msg: obj } : JSON.parse(JSON.stringify(obj)), msg });
const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };

async function run(job: ChildJob): Promise<ChildMessage> {
  try {
    const embedder = job.model ? await loadEmbedder(job.model) : undefined;
    const corpus = await loadCorpus(job.corpusDir, { maxBytes: job.maxArticleBytes, logger });
    const summary = await withStoreAt(job.location, logger, (store) =>
      store.reindex({
        articles: corpus.articles,
        embedder,
        chunk: job.chunk,
        hnsw: job.hnsw,
        full: job.full,
        logger,
        onProgress: (progress) => void post({ type: 'progress', progress }),
      }),
    );
    return { type: 'done', summary: { ...summary, skipped: corpus.skipped } };
  } catch (error) {
    return { type: 'failed', name: error instanceof Error ? error.name : 'Error', message: errorMessage(error), stack: error instanceof Error ? error.stack : undefined };
  }
}

process.once('message', (job: ChildJob) => {
  void run(job).then(async (result) => {
    await post(result);
    process.disconnect();
  });
});
