// Speed and memory of the bot with the configured model:
//   npm run bench -- [--quick] [--sizes 10k,100k,1m] [--sections question,indexing,growth,memory,cold-start,libraries,stores]
//                    [--store postgres] [--json FILE] [--model-dir DIR] [--model ID] [--no-model] [--fresh] [--seed N] [--xquad-dir DIR]
import 'dotenv/config';
import fs from 'node:fs/promises';
import path from 'node:path';
import { defaultSizes, optInSections, parseSize, sectionNames, type BenchOptions, type SectionName } from '../src/bench/options.ts';
import { renderReport } from '../src/bench/report.ts';
import { runBench } from '../src/bench/runBench.ts';
import { loadSettings, type Settings } from '../src/config/settings.ts';
import { loadEmbedder } from '../src/embed/loadEmbedder.ts';
import type { Embedder } from '../src/embed/types.ts';
import { ModelLoadError } from '../src/errors.ts';
import { UsageError, parseCommandLine, runCli } from '../src/terminal/runCli.ts';

const USAGE = `usage: npm run bench -- [--quick] [--sizes 10k,100k,1m] [--sections LIST] [--store postgres] [--json FILE]
                       [--model-dir DIR] [--model ID] [--no-model] [--fresh] [--seed N] [--xquad-dir DIR]

  --quick          smoke run (< 1 minute): small sizes, one or two runs, no memory section
  --sizes LIST     growth sizes in chunks (default ${defaultSizes.map((size) => `${size / 1000}k`).join(',')}; 1m is opt-in and takes 30+ minutes)
  --sections LIST  any of ${sectionNames.join(',')} (default: all but ${optInSections.join(',')};
                   --quick leaves out memory)
  --store postgres runs the stores section (alone, or with those --sections names): reindex throughput
                   and the question path's store calls of the local store beside the PostgreSQL
                   store, on the same corpus and synthetic vectors (no model needed). PostgreSQL is
                   an in-memory PGlite (WebAssembly, in the measuring process: a server is faster), and also
                   the server at DATABASE_URL when set (in a temporary library, removed after).
                   Sizes: 10k, or those of --sizes (a full PGlite reindex of 100k takes ~35 minutes);
                   --quick: 1k
  --json FILE      also write every figure as JSON
  --model-dir DIR  overrides MODEL_DIR;  --model ID  overrides EMBEDDING_MODEL
  --no-model       synthetic vectors only (sections that need the model are skipped)
  --fresh          rebuild the cached corpora and indexes in .cache/bench/
  --seed N         seed of the generated corpora and vectors (default 1)
  --xquad-dir DIR  XQuAD folder whose paragraphs and questions are varied into the corpus
                   (default ../shared/data/xquad beside the repository when present; else a built-in word list)`;

// ../shared beside the repository, as every developer and CI have it.
const DEFAULT_XQUAD = path.resolve(import.meta.dirname, '../../shared/data/xquad');

function parseBenchArgs() {
  return parseCommandLine({
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      sections: { type: 'string' },
      store: { type: 'string' },
      json: { type: 'string' },
      'model-dir': { type: 'string' },
      model: { type: 'string' },
      'no-model': { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      'xquad-dir': { type: 'string' },
    },
  }).values;
}

/** The sections to run: those of --sections, plus stores with --store postgres; by default all but the opt-in ones. */
function sectionsOf(values: ReturnType<typeof parseBenchArgs>): string[] {
  if (values.store !== undefined && values.store !== 'postgres') throw new UsageError(`--store must be postgres (the local store is measured beside it), got "${values.store}"`);
  const stores = values.store === 'postgres' ? ['stores'] : [];
  if (values.sections) return [...new Set([...values.sections.split(',').map((name) => name.trim()), ...stores])];
  if (stores.length > 0) return stores;
  return sectionNames.filter((name) => !optInSections.includes(name) && !(values.quick && name === 'memory'));
}

async function benchOptions(values: ReturnType<typeof parseBenchArgs>): Promise<BenchOptions> {
  const sections = sectionsOf(values);
  const unknown = sections.filter((name) => !(sectionNames as readonly string[]).includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown section ${unknown.join(', ')}; sections are ${sectionNames.join(', ')}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
  const xquadDir = values['xquad-dir'] ?? DEFAULT_XQUAD;
  return {
    quick: values.quick,
    sections: sections as SectionName[],
    sizes: values.sizes ? values.sizes.split(',').map(parseSize) : values.quick ? [5_000] : defaultSizes,
    sizesGiven: values.sizes !== undefined,
    databaseUrl: process.env.DATABASE_URL || undefined,
    seed,
    fresh: values.fresh,
    cacheDir: path.resolve('.cache/bench'),
    xquadDir: await fs.access(path.join(xquadDir, 'xquad.ar.json')).then(
      () => path.resolve(xquadDir),
      () => undefined,
    ),
  };
}

/** The configured model; when it cannot be loaded, the message also says how to bench without it. */
async function loadBenchModel(settings: Settings): Promise<Embedder> {
  try {
    return await loadEmbedder(settings.model);
  } catch (error) {
    if (!(error instanceof ModelLoadError)) throw error;
    throw new ModelLoadError(
      `${error.message}\nTo bench without the model, add --no-model (synthetic vectors; the sections that need the model are skipped), ` +
        'or point --model-dir (MODEL_DIR) and --model (EMBEDDING_MODEL) at a model on disk.',
      { cause: error },
    );
  }
}

async function main(): Promise<void> {
  const values = parseBenchArgs();
  const options = await benchOptions(values);
  const settings = loadSettings(process.env, process.cwd(), {
    ...(values.model && { EMBEDDING_MODEL: values.model }),
    ...(values['model-dir'] && { MODEL_DIR: path.resolve(values['model-dir']) }),
  });
  const started = performance.now();
  const log = (message: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
  let model: Embedder | undefined;
  // The stores section runs on synthetic vectors: a run of it alone needs no model.
  if (!values['no-model'] && options.sections.some((name) => name !== 'stores')) {
    log(`loading the model ${settings.model.id} from ${settings.model.localDir}`);
    model = await loadBenchModel(settings);
  }
  try {
    const report = await runBench({
      settings,
      model,
      loadModel: model ? (overrides) => loadEmbedder({ ...settings.model, ...overrides }) : undefined,
      options,
      log,
    });
    process.stdout.write(renderReport(report));
    if (values.json) {
      await fs.mkdir(path.dirname(path.resolve(values.json)), { recursive: true });
      await fs.writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
      log(`wrote ${values.json}`);
    }
  } finally {
    await model?.dispose();
  }
}

runCli(main, USAGE);
