import type { BenchContext } from '../context.ts';
import { summarize, type Summary } from '../stats.ts';
import type { AppIndex } from './appIndexes.ts';
import type { ColdStartJob, ColdStartSample } from './coldStartProbe.ts';

export interface ColdStartRow {
  label: string;
  chunks: number;
  /** Milliseconds from spawning the process to the bot being ready to answer. */
  readyMs: Summary;
  importsMs: Summary;
  modelMs: Summary;
  indexMs: Summary;
  firstAnswerMs: Summary;
}

/** Process start to ready (model from its local folder, existing index), for each index, runs alternating. */
export async function runColdStart(context: BenchContext, indexes: Array<{ label: string; index: AppIndex }>, runs: number, question: string): Promise<ColdStartRow[]> {
  const samples = indexes.map(() => [] as Array<ColdStartSample & { readyMs: number }>);
  for (let run = 0; run < runs; run += 1) {
    for (const [i, { label, index }] of indexes.entries()) {
      context.log(`cold start: ${label}, run ${run + 1}/${runs}`);
      const job: ColdStartJob = { type: 'cold-start', settings: index.settings, question };
      const outcome = await context.runJob<ColdStartSample>(job, { timeoutMs: 600_000 });
      samples[i]!.push({ ...outcome.result, readyMs: outcome.readyMs ?? outcome.wallMs });
    }
  }
  return indexes.map(({ label, index }, i) => {
    const list = samples[i]!;
    const of = (key: keyof ColdStartSample | 'readyMs') => summarize(list.map((sample) => sample[key]));
    return { label, chunks: index.chunks, readyMs: of('readyMs'), importsMs: of('importsMs'), modelMs: of('modelMs'), indexMs: of('indexMs'), firstAnswerMs: of('firstAnswerMs') };
  });
}
