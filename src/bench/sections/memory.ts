import type { BenchContext } from '../context.ts';
import { summarize, type Summary } from '../stats.ts';
import type { AppIndex } from './appIndexes.ts';
import type { MemoryComponent, MemoryJob, MemorySample } from './memoryProbe.ts';

export interface MemoryResult {
  chunks: number;
  indexBytes: Record<string, number>;
  runs: number;
  /** Per probe (a fresh process each): peak and settled resident memory, bytes; load time, ms. */
  probes: Record<MemoryComponent, { peak: Summary; rss: Summary; heapUsed: Summary; loadMs: Summary }>;
  /** Settled resident memory each part adds to the bare runtime (probe minus the 'runtime' probe), bytes. */
  breakdown: { runtime: number; model: number; hnsw: number; store: number; lexical: number; sumOfParts: number };
  /** The whole bot (model + index, three questions answered): peak resident memory, bytes. */
  botPeak: number;
  target: number;
}

const COMPONENTS: MemoryComponent[] = ['runtime', 'model', 'hnsw', 'store', 'lexical', 'bot'];

/**
 * Peak memory of the bot with the model and a large index, and what each part costs: every part
 * is loaded alone in a fresh process (with the same imports), and the bot itself in another.
 */
export async function runMemory(context: BenchContext, index: AppIndex, runs: number, question: string): Promise<MemoryResult> {
  const samples = Object.fromEntries(COMPONENTS.map((what) => [what, [] as MemorySample[]])) as Record<MemoryComponent, MemorySample[]>;
  for (let run = 0; run < runs; run += 1) {
    for (const what of COMPONENTS) {
      context.log(`memory: ${what} (${index.chunks} chunks), run ${run + 1}/${runs}`);
      const job: MemoryJob = { type: 'memory', what, settings: index.settings, question };
      const { result } = await context.runJob<MemorySample>(job, { timeoutMs: 600_000, execArgv: ['--expose-gc', '--import', 'tsx'] });
      samples[what].push(result);
    }
  }
  const probes = Object.fromEntries(
    COMPONENTS.map((what) => {
      const list = samples[what];
      return [
        what,
        {
          peak: summarize(list.map((sample) => sample.peak)),
          rss: summarize(list.map((sample) => sample.rss)),
          heapUsed: summarize(list.map((sample) => sample.heapUsed)),
          loadMs: summarize(list.map((sample) => sample.loadMs)),
        },
      ];
    }),
  ) as MemoryResult['probes'];
  const runtime = probes.runtime.rss.median;
  const part = (what: MemoryComponent) => probes[what].rss.median - runtime;
  const breakdown = { runtime, model: part('model'), hnsw: part('hnsw'), store: part('store'), lexical: part('lexical'), sumOfParts: 0 };
  breakdown.sumOfParts = runtime + breakdown.model + breakdown.hnsw + breakdown.store + breakdown.lexical;
  return { chunks: index.chunks, indexBytes: index.bytes, runs, probes, breakdown, botPeak: probes.bot.peak.median, target: 800 * 1024 * 1024 };
}
