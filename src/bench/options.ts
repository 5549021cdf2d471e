import type { GrowthOptions } from './sections/growth.ts';
import type { IndexingOptions } from './sections/indexing.ts';
import type { LibrariesOptions } from './sections/libraries.ts';
import type { QuestionPathOptions } from './sections/questionPath.ts';
import type { StoresOptions } from './sections/stores.ts';

export const sectionNames = ['question', 'indexing', 'growth', 'memory', 'cold-start', 'libraries', 'stores'] as const;
/** Sections a run without --sections (or --store) leaves out: the stores section takes minutes of PGlite per 10k chunks. */
export const optInSections: readonly SectionName[] = ['stores'];
export type SectionName = (typeof sectionNames)[number];

export interface BenchOptions {
  /** A smoke run (< 1 minute): small sizes, few runs, no memory section. */
  quick: boolean;
  sections: SectionName[];
  /** Growth sizes (chunks); 1m is opt-in. */
  sizes: number[];
  /** Whether --sizes was given: the stores section then runs at those sizes too, else at 10k only. */
  sizesGiven: boolean;
  /** A PostgreSQL server the stores section measures besides PGlite (DATABASE_URL); undefined: none. */
  databaseUrl: string | undefined;
  seed: number;
  /** Rebuild cached corpora and indexes. */
  fresh: boolean;
  cacheDir: string;
  xquadDir: string | undefined;
}

/** How much of each section to run; derived from the options, overridable (the harness test runs tiny sizes). */
export interface BenchPlan {
  question: QuestionPathOptions;
  /** Questions asked of the large (memory section) index too. */
  largeQuestions: { questions: number; warmup: number };
  indexing: IndexingOptions;
  growth: Omit<GrowthOptions, 'sizes'>;
  /** Chunks in the index the memory section loads (the largest growth build of at most this size is reused). */
  memoryChunks: number;
  memoryRuns: number;
  /** Chunk counts of the large index for cold start (the one-article index is always measured). */
  coldStartChunks: number | undefined;
  coldStartRuns: number;
  /** Question the memory and cold-start probes ask. */
  questionText: string;
  libraries: LibrariesOptions;
  stores: Omit<StoresOptions, 'databaseUrl'>;
}

export const defaultSizes = [10_000, 100_000];

export function planFor(options: BenchOptions): BenchPlan {
  const quick = options.quick;
  const largest = Math.max(...options.sizes);
  return {
    question: quick ? { chunks: 2_000, realVectors: 100, questions: 40, warmup: 5 } : { chunks: 10_000, realVectors: 500, questions: 200, warmup: 20 },
    largeQuestions: { questions: 100, warmup: 10 },
    indexing: quick
      ? { chunks: 48, runs: 2, sweep: [], sweepChunks: 0, sweepRuns: 0 }
      : {
          chunks: 192,
          runs: 3,
          sweep: [
            { batchSize: 8, threads: 2 },
            { batchSize: 16, threads: 2 },
            { batchSize: 32, threads: 2 },
            { batchSize: 16, threads: 1 },
          ],
          sweepChunks: 96,
          sweepRuns: 2,
        },
    growth: {
      kinds: ['uniform', 'clustered'],
      dimension: 384,
      queries: (size) => (quick ? 50 : size >= 1_000_000 ? 50 : 200),
      nativeQueries: (size) => (quick ? 20 : size >= 1_000_000 ? 20 : 100),
      loads: (size) => (size >= 1_000_000 ? 2 : 3),
      efSweep: [50, 100, 200, 400, 800],
      parallelBuilds: true,
      storeLoads: 3,
    },
    memoryChunks: Math.min(100_000, largest),
    memoryRuns: 1,
    coldStartChunks: quick ? undefined : Math.min(100_000, largest),
    coldStartRuns: quick ? 1 : 3,
    questionText: 'How many points did the Panthers defense surrender?',
    libraries: quick ? { libraries: 10, chunksEach: 100, realVectors: 10, questions: 30 } : { libraries: 100, chunksEach: 200, realVectors: 20, questions: 200 },
    // A full PGlite reindex of 100k chunks takes ~35 minutes: 10k unless --sizes asks for more.
    stores: quick ? { sizes: [1_000], questions: 40, warmup: 5 } : { sizes: options.sizesGiven ? options.sizes : [10_000], questions: 200, warmup: 20 },
  };
}

/** "10k", "100k", "1m", "2500" → a number of chunks. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/iu.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a size; write e.g. 10k, 100k, 1m or 2500`);
  const value = Number(match[1]) * (match[2]?.toLowerCase() === 'k' ? 1_000 : match[2]?.toLowerCase() === 'm' ? 1_000_000 : 1);
  if (!Number.isInteger(value) || value < 100) throw new RangeError(`size ${text} must be a whole number of at least 100 chunks`);
  return value;
}
