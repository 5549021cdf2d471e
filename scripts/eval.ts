// Retrieval quality and latency on a SQuAD v1.1-format file (e.g. XQuAD):
//   npm run eval -- --dataset FILE [--questions FILE ...] [--holdout N] [--k 1,5] [--json]
//                   [--model-dir DIR] [--model ID] [--test-model] [--store local|postgres]
import 'dotenv/config';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSettings, type SettingOverrides } from '../src/config/settings.ts';
import { loadEmbedder } from '../src/embed/loadEmbedder.ts';
import { makeTestModel } from '../src/embed/testModel/index.ts';
import type { Embedder } from '../src/embed/types.ts';
import { ModelLoadError } from '../src/errors.ts';
import type { EvalIndexOptions } from '../src/eval/buildIndex.ts';
import { datasetTexts, readSquadFile } from '../src/eval/dataset.ts';
import { startPgliteServer } from '../src/eval/pgliteServer.ts';
import { progressReporter } from '../src/eval/progress.ts';
import { renderReport } from '../src/eval/render.ts';
import { retrievalOptionsFrom } from '../src/app/retrievalOptions.ts';
import { defaultKs, runEval } from '../src/eval/runEval.ts';
import { UsageError, parseCommandLine, runCli } from '../src/terminal/runCli.ts';

const USAGE = `usage: npm run eval -- --dataset FILE [--questions FILE ...] [--holdout N] [--k 1,5] [--json]
                      [--model-dir DIR] [--model ID] [--test-model] [--store local|postgres]

  --dataset FILE    SQuAD v1.1 JSON whose paragraphs are indexed (one article each)
  --questions FILE  questions with the same ids (e.g. xquad.en.json against xquad.ar.json);
                    repeat to score several files on one index; default: the dataset's own
  --holdout N       leave the last N articles out of the index and measure "not found"
  --k LIST          recall cut-offs, comma-separated (default ${defaultKs.join(',')})
  --json            print the report as JSON instead of Markdown
  --model-dir DIR   overrides MODEL_DIR;  --model ID  overrides EMBEDDING_MODEL
  --test-model      generate the tiny bilingual test model from the files' texts and use it
                    (its dense numbers mean nothing; lexical numbers do)
  --store STORE     where the index is built: local (files in a temporary folder, the default)
                    or postgres: a temporary library in the database at DATABASE_URL, deleted
                    after; without DATABASE_URL, an in-memory PGlite (PostgreSQL in WebAssembly,
                    with pgvector) started in this process and served on 127.0.0.1`;

function parseStore(value: string | undefined): 'local' | 'postgres' {
  if (value === undefined) return 'local';
  if (value === 'local' || value === 'postgres') return value;
  throw new UsageError(`--store must be local or postgres, got "${value}"`);
}

/** The store to evaluate in, and how to let it go: files, DATABASE_URL's database, or a PGlite started here. */
async function evalStore(store: 'local' | 'postgres', notes: string[]): Promise<{ store: EvalIndexOptions['store']; stop: () => Promise<void> }> {
  if (store === 'local') return { store: { kind: 'local' }, stop: async () => {} };
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    notes.push('The index was built in a temporary library of the PostgreSQL database at DATABASE_URL.');
    return { store: { kind: 'postgres', databaseUrl }, stop: async () => {} };
  }
  const server = await startPgliteServer({ maxConnections: 12 });
  notes.push("The PostgreSQL store ran on an in-memory PGlite in this process (DATABASE_URL is not set): its timings are not a server's.");
  return { store: { kind: 'postgres', databaseUrl: server.url }, stop: () => server.stop() };
}

function parseKs(value: string | undefined): number[] {
  if (value === undefined) return defaultKs;
  const ks = value.split(',').map((part) => Number(part.trim()));
  if (ks.some((k) => !Number.isInteger(k) || k < 1)) throw new UsageError(`--k must be comma-separated positive integers, got "${value}"`);
  return ks;
}

function parseHoldout(value: string | undefined): number {
  if (value === undefined) return 0;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new UsageError(`--holdout must be a whole number of articles, got "${value}"`);
  return count;
}

function parseEvalArgs() {
  return parseCommandLine({
    options: {
      dataset: { type: 'string' },
      questions: { type: 'string', multiple: true, default: [] },
      holdout: { type: 'string' },
      k: { type: 'string' },
      json: { type: 'boolean', default: false },
      'model-dir': { type: 'string' },
      model: { type: 'string' },
      'test-model': { type: 'boolean', default: false },
      store: { type: 'string' },
    },
  }).values;
}

/** The settings to evaluate with: `--model`/`--model-dir` override them; `--test-model` generates the test model into `scratch`. */
async function evalSettings(values: ReturnType<typeof parseEvalArgs>, texts: string[], scratch: string[], notes: string[]) {
  const overrides: SettingOverrides = {
    ...(values.model && { EMBEDDING_MODEL: values.model }),
    ...(values['model-dir'] && { MODEL_DIR: path.resolve(values['model-dir']) }),
  };
  if (values['test-model']) {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'qa-eval-model-'));
    scratch.push(root);
    const modelId = 'test-org/bilingual-mini';
    await makeTestModel({ outDir: path.join(root, modelId), texts });
    Object.assign(overrides, { EMBEDDING_MODEL: modelId, MODEL_DIR: root, ALLOW_REMOTE_MODELS: 'false' });
    notes.push('The model is the generated test model (a bag of words over these texts): its dense and hybrid numbers do not predict a real model.');
  }
  return loadSettings(process.env, process.cwd(), overrides);
}

async function main(): Promise<void> {
  const values = parseEvalArgs();
  if (!values.dataset) throw new UsageError('--dataset is required');
  if (values['test-model'] && (values.model || values['model-dir'])) throw new UsageError('--test-model cannot be combined with --model or --model-dir');
  const ks = parseKs(values.k);
  const holdout = parseHoldout(values.holdout);
  const storeKind = parseStore(values.store);

  const dataset = await readSquadFile(values.dataset);
  const questions = await Promise.all(values.questions.map((file) => readSquadFile(file)));
  // Checked before the model loads, which takes a while.
  if (holdout >= dataset.articles.length) {
    throw new UsageError(`--holdout must be smaller than the number of articles in ${values.dataset} (${dataset.articles.length}), got ${holdout}`);
  }

  const temporary: string[] = [];
  const notes: string[] = [];
  let embedder: Embedder | undefined;
  let stopStore: () => Promise<void> = async () => {};
  try {
    const settings = await evalSettings(values, [dataset, ...questions].flatMap(datasetTexts), temporary, notes);
    try {
      embedder = await loadEmbedder(settings.model);
    } catch (error) {
      if (!(error instanceof ModelLoadError)) throw error;
      notes.push(`The model ${settings.model.id} could not be loaded (the reason is on stderr), so only lexical search ran.`);
      process.stderr.write(`warning: the model could not be loaded; running lexical only.\n${error.message}\n`);
    }

    const { store, stop } = await evalStore(storeKind, notes);
    stopStore = stop;
    const progress = progressReporter(process.stderr);
    const report = await runEval({
      dataset,
      questions: questions.length > 0 ? questions : [dataset],
      embedder,
      retrieval: retrievalOptionsFrom(settings),
      index: { chunk: settings.chunk, hnsw: settings.hnsw, store },
      ks,
      holdout,
      onProgress: (event) => progress.update(event),
    });
    progress.stop();
    process.stdout.write(values.json ? `${JSON.stringify({ ...report, notes }, null, 2)}\n` : renderReport(report, notes));
  } finally {
    await embedder?.dispose();
    await stopStore();
    for (const folder of temporary) await fs.rm(folder, { recursive: true, force: true });
  }
}

runCli(main, USAGE);
