// Child process for the crash-safety test: reindexes a changing corpus in a loop and, in its
// round `firstRound + pauseRounds`, freezes at the kill point it was given so that the parent
// SIGKILLs it exactly there.
//
//   reindexForever.ts <corpusDir> <indexDir> <modelConfigJson> <killPoint> <firstRound> <pauseRounds>
//
// Protocol, one line each. On stdout: `ready` once the model is loaded; then, after the parent
// writes `go` on stdin, `round <n> <generation>` after each completed round and `paused <killPoint>
// <round>` once frozen. Nothing touches the index before `go`, so the parent can start children
// ahead of time. The process never goes on past a kill point: it blocks its only thread (the files
// written so far stay exactly as they are) and exits by itself, with status 3, if nobody kills it
// within a minute. Errors go to stderr with status 1; stdin closing before `go` is one.
import nodeFs from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { loadEmbedder, type EmbedderConfig } from '../../src/embed/loadEmbedder.ts';
import { CURRENT_FILE } from '../../src/index/generations.ts';
import { defaultHnswOptions } from '../../src/index/hnswIndex.ts';
import { reindex } from '../../src/index/reindex.ts';
import { KILL_POINTS, type KillPoint, counterArticle } from './killPoints.ts';

const [corpusDir, indexDir, modelJson, killPoint, firstRound, pauseRounds] = process.argv.slice(2) as [string, string, string, KillPoint, string, string];
if (!KILL_POINTS.includes(killPoint)) throw new Error(`unknown kill point ${killPoint}`);
const lastRound = Number(firstRound) + Number(pauseRounds);
/** Rounds run past the pause round before giving up on ever reaching the kill point. */
const SPARE_ROUNDS = 2;
const PAUSE_LIMIT_MS = 60_000;

let round = Number(firstRound);
/** Whether this round has published its generation (set when CURRENT is renamed into place). */
let published = false;

/** Announces the kill point and freezes the process there until it is killed. */
function pause(): never {
  nodeFs.writeSync(1, `paused ${killPoint} ${round}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_LIMIT_MS);
  nodeFs.writeSync(2, `nobody killed the reindex paused at ${killPoint} within ${PAUSE_LIMIT_MS / 1000} s\n`);
  process.exit(3);
}

function armed(point: KillPoint): boolean {
  return killPoint === point && round === lastRound;
}

const inTemporaryFolder = (file: string) => path.dirname(path.dirname(file)) === indexDir && path.dirname(file).endsWith('.tmp');

// The reindex code reads and writes through the `node:fs/promises` object: wrapping three of its
// functions lets the child stop at points no hook reaches.
const { open, rename, rm } = fs;
fs.open = (async (...args: Parameters<typeof open>) => {
  const handle = await open(...args);
  // Mid-write: the segment and the locations are written, a lexical segment is created but empty, the
  // vectors and the manifest are not written yet.
  const file = String(args[0]);
  if (armed('writing') && inTemporaryFolder(file) && path.basename(file).startsWith('lexical-')) pause();
  return handle;
}) as typeof open;
fs.rename = async (from, to) => {
  await rename(from, to);
  if (String(to) !== path.join(indexDir, CURRENT_FILE)) return;
  published = true;
  // Right after publishing: CURRENT names the new generation, the stale ones are all still there.
  if (armed('published')) pause();
};
fs.rm = async (target, options) => {
  const name = path.basename(String(target));
  if (armed('removing') && published && path.dirname(String(target)) === indexDir && name.startsWith('gen-')) {
    // During the removal of a stale generation: half its files are gone (a recursive removal
    // deletes them one by one), the rest and any other stale folder are untouched.
    const files = nodeFs.readdirSync(String(target)).sort();
    for (const file of files.slice(0, Math.ceil(files.length / 2))) nodeFs.unlinkSync(path.join(String(target), file));
    pause();
  }
  return rm(target, options);
};

/** Resolves when the parent writes `go`; the parent going away first is an error. */
function waitForGo(): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = '';
    process.stdin.setEncoding('utf8').on('data', (text: string) => {
      received += text;
      if (received.split('\n').includes('go')) resolve();
    });
    process.stdin.once('end', () => reject(new Error('stdin closed before the parent said go')));
  });
}

try {
  const embedder = await loadEmbedder(JSON.parse(modelJson) as EmbedderConfig);
  nodeFs.writeSync(1, 'ready\n');
  await waitForGo();
  for (; round <= lastRound + SPARE_ROUNDS; round += 1) {
    published = false;
    await fs.writeFile(path.join(corpusDir, 'counter.md'), counterArticle(round));
    const { articles } = await loadCorpus(corpusDir);
    const summary = await reindex({
      indexDir,
      articles,
      embedder,
      chunk: { maxTokens: 200, overlapSentences: 1 },
      hnsw: defaultHnswOptions,
      // During embedding: some of the new chunks have vectors, none is written anywhere yet.
      onProgress: ({ done, total }) => {
        if (armed('embedding') && done < total) pause();
      },
      // Everything written, manifest included, into the temporary folder, which is not published yet.
      beforePublish: () => {
        if (armed('beforePublish')) pause();
      },
    });
    nodeFs.writeSync(1, `round ${round} ${summary.generation}\n`);
  }
  throw new Error(`the reindex never reached the kill point ${killPoint} (rounds ${firstRound}–${lastRound + SPARE_ROUNDS})`);
} catch (error) {
  nodeFs.writeSync(2, `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
