// Writes the tiny offline test embedding model (see src/embed/testModel/README.md).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { makeTestModel } from '../src/embed/testModel/index.ts';
import { UsageError, parseCommandLine, runCli } from '../src/terminal/runCli.ts';

const USAGE = `usage: npm run make-test-model -- --out DIR [--texts FILE_OR_DIR ...] [--dimension N] [--seed N] [--max-words N]

  --out DIR            folder the model files are written into (e.g. models/test-org/bilingual-mini)
  --texts FILE_OR_DIR  .md/.txt files (folders are searched) whose words join the vocabulary; repeat for
                       several; without it the vocabulary is the built-in English/Arabic word pairs only
                       (the tests use --texts corpus --texts test/fixtures/corpus)
  --dimension N        vector size, a positive multiple of 4 (default 64)
  --seed N             seed of the random word vectors
  --max-words N        keep only the N most frequent words of the texts`;

const TEXT_FILE = /\.(?:txt|md)$/i;

async function filesUnder(path: string): Promise<string[]> {
  const found = await stat(path).catch(() => undefined);
  if (!found) throw new UsageError(`--texts ${path}: no such file or folder`);
  if (!found.isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && TEXT_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function optionalInteger(name: string, value: string | undefined, valid: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || !valid(parsed)) throw new UsageError(`--${name} must be ${expected}, got "${value}"`);
  return parsed;
}

/** Where the vocabulary came from, truthfully: the texts given, or the built-in pairs alone. */
function vocabularySource(files: string[]): string {
  if (files.length === 0) return 'the built-in bilingual word pairs only (no --texts given)';
  return `the built-in bilingual word pairs and ${files.length === 1 ? '1 text file' : `${files.length} text files`}`;
}

runCli(async () => {
  const { values } = parseCommandLine({
    options: {
      out: { type: 'string' },
      texts: { type: 'string', multiple: true, default: [] },
      dimension: { type: 'string' },
      seed: { type: 'string' },
      'max-words': { type: 'string' },
    },
  });
  if (values.out === undefined) throw new UsageError('--out is required');
  const dimension = optionalInteger('dimension', values.dimension, (n) => n > 0 && n % 4 === 0, 'a positive multiple of 4');
  const seed = optionalInteger('seed', values.seed, () => true, 'an integer');
  const maxWords = optionalInteger('max-words', values['max-words'], (n) => n > 0, 'a positive integer');

  const files = (await Promise.all(values.texts.map(filesUnder))).flat();
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  const started = performance.now();
  const { dir, vocabSize } = await makeTestModel({ outDir: values.out, texts, dimension, seed, maxWords });
  const elapsed = Math.round(performance.now() - started);

  const lines = [`${dir}: ${vocabSize} tokens from ${vocabularySource(files)}, in ${elapsed} ms`];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    lines.push(`  ${relative(dir, path)}  ${(await stat(path)).size} bytes`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}, USAGE);
