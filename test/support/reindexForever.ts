// Child process for the crash-safety test: reindexes a changing corpus in a loop until killed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { loadEmbedder } from '../../src/embed/loadEmbedder.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { reindex } from '../../src/index/reindex.ts';
import { testSettings } from './testApp.ts';

const [corpusDir, indexDir, root] = process.argv.slice(2) as [string, string, string];
const embedder = await loadEmbedder((await testSettings(root)).model);
for (let round = 0; ; round += 1) {
  await fs.writeFile(
    path.join(corpusDir, 'counter.md'),
    `---\ntitle: Round ${round}\n---\nThis is round number ${round} of the soldiers in Kursk report.\n`,
  );
  const { articles } = await loadCorpus(corpusDir);
  await reindex({ indexDir, articles, embedder, chunk: { maxTokens: 200, overlapSentences: 1 }, hnsw: defaultHnswOptions });
  process.stdout.write(`round ${round}\n`);
}
