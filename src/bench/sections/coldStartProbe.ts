import type { Settings } from '../../config/settings.ts';

export interface ColdStartJob {
  type: 'cold-start';
  settings: Settings;
  question: string;
}

export interface ColdStartSample {
  /** Milliseconds from this process's start to its modules being loaded. */
  importsMs: number;
  /** Milliseconds loading the model (tokenizer, ONNX session). */
  modelMs: number;
  /** Milliseconds opening the index (manifest, checksums, HNSW, lexical index, chunk store). */
  indexMs: number;
  /** Milliseconds for the first question after ready. */
  firstAnswerMs: number;
  /** Wall-clock time (ms since the epoch) when the bot was ready; the parent measures from spawning. */
  readyAt: number;
}

/** Starts the bot's App the way `npm start` does (local model, existing index) and reports when it is ready. */
export async function coldStartJob(job: ColdStartJob): Promise<ColdStartSample> {
  const [{ App }, { silentLogger }] = await Promise.all([import('../../app/app.ts'), import('../../util/logger.ts')]);
  const importsMs = performance.now();
  const { settings } = job;
  const app = new App({ settings, logger: silentLogger });
  let at = performance.now();
  const embedder = await app.models.ensure();
  if (!embedder) throw new Error(`the model did not load: ${app.models.unavailableReason}`);
  const modelMs = performance.now() - at;
  at = performance.now();
  await app.start();
  const indexMs = performance.now() - at;
  const readyAt = performance.timeOrigin + performance.now();
  at = performance.now();
  const answer = await app.ask(job.question);
  if (!answer.ok) throw new Error(answer.message);
  const firstAnswerMs = performance.now() - at;
  await app.close();
  return { importsMs, modelMs, indexMs, firstAnswerMs, readyAt };
}
