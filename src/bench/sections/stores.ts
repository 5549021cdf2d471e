import { describeDatabaseUrl } from '../../index/postgres/connect.ts';
import type { BenchContext } from '../context.ts';
import type { StoreKind, StoreSample, StoresJob } from './storesProbe.ts';

export interface StoresOptions {
  /** Chunk counts the stores are measured at. */
  sizes: number[];
  questions: number;
  warmup: number;
  /** A PostgreSQL server measured besides PGlite (DATABASE_URL); undefined: none. */
  databaseUrl: string | undefined;
}

export interface StoreRow extends StoreSample {
  /** Who the figures are of: "local files", "PGlite (WebAssembly, in-process)" or the server's URL without its password. */
  label: string;
  /** Full-reindex chunks per second. */
  chunksPerSecond: number;
  /** This store's figures over the local store's at the same size (undefined for the local store). */
  overLocal: { fullReindex: number; oneArticle: number; dense: number; lexical: number; chunkRead: number } | undefined;
}

export interface StoresResult {
  questions: number;
  rows: StoreRow[];
}

function labelOf(kind: StoreKind, databaseUrl: string | undefined): string {
  if (kind === 'local') return 'local files';
  if (kind === 'pglite') return 'PGlite (WebAssembly, in-process)';
  return `PostgreSQL at DATABASE_URL (${describeDatabaseUrl(databaseUrl ?? '')})`;
}

function rowOf(sample: StoreSample, local: StoreSample | undefined, databaseUrl: string | undefined): StoreRow {
  const overLocal =
    sample.store === 'local' || !local
      ? undefined
      : {
          fullReindex: sample.fullReindexSeconds / local.fullReindexSeconds,
          oneArticle: sample.oneArticleSeconds / local.oneArticleSeconds,
          dense: sample.dense.median / local.dense.median,
          lexical: sample.lexical.median / local.lexical.median,
          chunkRead: sample.chunkRead.median / local.chunkRead.median,
        };
  return { ...sample, label: labelOf(sample.store, databaseUrl), chunksPerSecond: sample.chunks / sample.fullReindexSeconds, overLocal };
}

/**
 * The question path's store calls and reindex throughput of the local store beside the PostgreSQL
 * store (PGlite, and the server at DATABASE_URL when set), on the same generated corpus and
 * synthetic vectors, each size in a fresh process.
 */
export async function runStores(context: BenchContext, options: StoresOptions): Promise<StoresResult> {
  const rows: StoreRow[] = [];
  for (const chunks of options.sizes) {
    context.log(`stores: ${chunks} chunks, local store then PGlite${options.databaseUrl ? ' then DATABASE_URL' : ''} (a full PGlite reindex takes ~20 s per 1,000 chunks)`);
    const job: StoresJob = {
      type: 'stores',
      chunks,
      settings: { chunk: context.settings.chunk, hnsw: context.settings.hnsw },
      databaseUrl: options.databaseUrl,
      questions: options.questions,
      warmup: options.warmup,
      seed: context.seed,
      xquadDir: context.xquadDir,
    };
    const { result } = await context.runJob<StoreSample[]>(job, { timeoutMs: 4 * 3_600_000 });
    const local = result.find((sample) => sample.store === 'local');
    rows.push(...result.map((sample) => rowOf(sample, local, options.databaseUrl)));
  }
  return { questions: options.questions, rows };
}
