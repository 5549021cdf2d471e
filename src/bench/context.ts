import type { Settings } from '../config/settings.ts';
import type { ChildOutcome, ProbeJob } from './child.ts';
import type { Embedder } from '../embed/types.ts';

/** What every section of the benchmark is given. */
export interface BenchContext {
  /** The bot's settings: model, chunker, HNSW and retrieval parameters are the ones measured. */
  settings: Settings;
  /** The loaded model, or undefined to measure with synthetic vectors only (no model). */
  model: Embedder | undefined;
  /** Loads another instance of the model with other batch or thread settings (indexing sweep). */
  loadModel: ((overrides: { batchSize?: number; threads?: number }) => Promise<Embedder>) | undefined;
  /** Git-ignored folder for generated corpora, indexes and vectors. */
  cacheDir: string;
  seed: number;
  /** XQuAD folder (read in place) for corpus text and questions; undefined uses a built-in word list. */
  xquadDir: string | undefined;
  /** Rebuild cached indexes instead of reusing them (each once per run: `built` remembers). */
  fresh: boolean;
  /** Cache folders built during this run. */
  built: Set<string>;
  /** Progress lines (the CLI prints them to stderr). */
  log: (message: string) => void;
  /** Runs a build or measurement job: in a fresh child process (runInChild), or in this one for tests. */
  runJob: <T>(job: ProbeJob, options?: { timeoutMs?: number; execArgv?: string[] }) => Promise<ChildOutcome<T>>;
}
