import { App } from '../../app/app.ts';
import type { Scope } from '../../app/scope.ts';
import type { Settings } from '../../config/settings.ts';
import { silentLogger } from '../../util/logger.ts';
import { residentMemory } from '../child.ts';
import { benchQuestions } from '../questions.ts';
import { Random } from '../random.ts';
import { SyntheticEmbedder } from '../syntheticEmbedder.ts';
import { summarize, type Summary } from '../stats.ts';

/** The made-up Discord server id of the benchmark's i-th library. */
export const serverIdOf = (i: number) => `1${String(i).padStart(18, '0')}`;

export interface LibrariesJob {
  type: 'libraries';
  settings: Settings;
  /** No model: the indexes were built with synthetic vectors, and questions are embedded alike. */
  synthetic: boolean;
  libraries: number;
  questions: number;
  seed: number;
  xquadDir: string | undefined;
}

export interface LibrariesSample {
  single: Summary;
  cold: Summary;
  open: Summary;
  rss: { sharedOnly: number; allOpen: number; perLibrary: number };
}

function rss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return residentMemory()?.current ?? process.memoryUsage().rss;
}

async function timed(app: App, question: string, scope: Scope): Promise<number> {
  const started = performance.now();
  const result = await app.ask(question, { scope });
  if (!result.ok) throw new Error(result.message);
  return performance.now() - started;
}

/** The bot with every library on disk: single-library questions, each library's first question, then questions to open ones. */
export async function librariesJob(job: LibrariesJob): Promise<LibrariesSample> {
  const app = new App({ settings: job.settings, logger: silentLogger, ...(job.synthetic && { loadEmbedder: async () => new SyntheticEmbedder() }) });
  await app.start();
  const questions = benchQuestions(job.questions * 2 + job.libraries + 20, { seed: job.seed, xquadDir: job.xquadDir, arabicShare: 0.6 });
  const next = () => questions.pop()!;
  try {
    for (let i = 0; i < 10; i += 1) await timed(app, next(), { kind: 'local' });
    const single: number[] = [];
    for (let i = 0; i < job.questions; i += 1) single.push(await timed(app, next(), { kind: 'local' }));
    const sharedOnly = rss();
    const cold: number[] = [];
    for (let i = 0; i < job.libraries; i += 1) cold.push(await timed(app, next(), { kind: 'server', guildId: serverIdOf(i) }));
    const allOpen = rss();
    const random = new Random(job.seed);
    const open: number[] = [];
    for (let i = 0; i < job.questions; i += 1) open.push(await timed(app, next(), { kind: 'server', guildId: serverIdOf(random.int(job.libraries)) }));
    return { single: summarize(single), cold: summarize(cold), open: summarize(open), rss: { sharedOnly, allOpen, perLibrary: (allOpen - sharedOnly) / job.libraries } };
  } finally {
    await app.close();
  }
}
