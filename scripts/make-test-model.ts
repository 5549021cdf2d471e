// Writes the tiny offline test embedding model:
//   tsx scripts/make-test-model.ts --out DIR [--texts FILE_OR_DIR ...] [--dimension N] [--seed N] [--max-words N]
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { makeTestModel } from '../src/embed/testModel/index.ts';

const TEXT_FILE = /\.(?:txt|md)$/i;

async function filesUnder(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && TEXT_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function optionalInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new Error(`--${name} must be an integer, got "${value}"`);
  return parsed;
}

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    texts: { type: 'string', multiple: true, default: [] },
    dimension: { type: 'string' },
    seed: { type: 'string' },
    'max-words': { type: 'string' },
  },
});
if (values.out === undefined) {
  console.error('usage: tsx scripts/make-test-model.ts --out DIR [--texts FILE_OR_DIR ...] [--dimension N] [--seed N] [--max-words N]');
  process.exit(2);
}

const files = (await Promise.all(values.texts.map(filesUnder))).flat();
const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
const started = performance.now();
const { dir, vocabSize } = await makeTestModel({
  outDir: values.out,
  texts,
  dimension: optionalInteger('dimension', values.dimension),
  seed: optionalInteger('seed', values.seed),
  maxWords: optionalInteger('max-words', values['max-words']),
});
const elapsed = Math.round(performance.now() - started);

console.log(`${dir}: ${vocabSize} tokens from ${files.length} text files in ${elapsed} ms`);
for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const path = join(entry.parentPath, entry.name);
  console.log(`  ${relative(dir, path)}  ${(await stat(path)).size} bytes`);
}
