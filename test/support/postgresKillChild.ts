// Child process for the PostgreSQL store's crash test: one reindex of a library, frozen at a kill
// point so that the parent SIGKILLs it there, its connections to the database still open.
//
//   postgresKillChild.ts <databaseUrl> <library> <corpusDir> <modelConfigJson> <point>
//
// Prints `paused <point>` once frozen at it: `embedding` while the model embeds the new chunks
// (the new generation's row is written, in state 'building'), `writing` once its chunks, vectors
// and articles are written but not its postings, `beforePublish` inside the transaction that
// makes it live, before its COMMIT. Exits by itself, with status 3, if nobody
// kills it within a minute; errors go to stderr with status 1.
import nodeFs from 'node:fs';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { loadEmbedder, type EmbedderConfig } from '../../src/embed/loadEmbedder.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { createPostgresStores } from '../../src/index/postgres/index.ts';

export type PostgresKillPoint = 'embedding' | 'writing' | 'beforePublish';

const [url, library, corpusDir, modelJson, point] = process.argv.slice(2) as [string, string, string, string, PostgresKillPoint];
const PAUSE_LIMIT_MS = 60_000;

function pause(): never {
  nodeFs.writeSync(1, `paused ${point}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_LIMIT_MS);
  nodeFs.writeSync(2, `nobody killed the reindex paused at ${point}\n`);
  process.exit(3);
}

try {
  const embedder = await loadEmbedder(JSON.parse(modelJson) as EmbedderConfig);
  const stores = await createPostgresStores(url, { efSearch: 100, poolMax: 1 });
  const { articles } = await loadCorpus(corpusDir);
  const query = stores.pool.query.bind(stores.pool) as (...args: unknown[]) => unknown;
  (stores.pool as { query: unknown }).query = (...args: unknown[]) => {
    if (point === 'writing' && String(args[0]).trimStart().startsWith('INSERT INTO postings')) pause();
    return query(...args);
  };
  await stores.store(library).reindex({
    articles,
    embedder,
    chunk: { maxTokens: 200, overlapSentences: 1 },
    hnsw: defaultHnswOptions,
    onProgress: () => {
      if (point === 'embedding') pause();
    },
    beforePublish: () => {
      if (point === 'beforePublish') pause();
    },
  });
  nodeFs.writeSync(2, `the reindex finished without reaching ${point}\n`);
  process.exit(1);
} catch (error) {
  nodeFs.writeSync(2, `${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
}
