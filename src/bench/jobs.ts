import type { ChildOutcome, ProbeJob } from './child.ts';

type Handler = (job: never) => Promise<unknown>;

/** The jobs a probe process runs, by type; imported on demand, so a memory probe loads only what it measures. */
const handlers: Record<string, () => Promise<Handler>> = {
  'hnsw-build': async () => (await import('./growth/hnswJobs.ts')).buildHnswJob,
  'hnsw-measure': async () => (await import('./growth/hnswJobs.ts')).measureHnswJob,
  'store-build': async () => (await import('./growth/storeJobs.ts')).buildStoreJob,
  'store-measure': async () => (await import('./growth/storeJobs.ts')).measureStoreJob,
  'app-index': async () => (await import('./appIndex.ts')).buildAppIndexJob,
  memory: async () => (await import('./sections/memoryProbe.ts')).memoryJob,
  'cold-start': async () => (await import('./sections/coldStartProbe.ts')).coldStartJob,
  libraries: async () => (await import('./sections/librariesProbe.ts')).librariesJob,
  stores: async () => (await import('./sections/storesProbe.ts')).storesJob,
};

export async function runJob(job: ProbeJob): Promise<unknown> {
  const load = handlers[job.type];
  if (!load) throw new Error(`unknown probe job "${job.type}"; known: ${Object.keys(handlers).join(', ')}`);
  return (await load())(job as never);
}

/** Runs a job in this process (the harness test does, to stay fast); memory and start-up figures are then not isolated. */
export async function runJobInProcess<T>(job: ProbeJob): Promise<ChildOutcome<T>> {
  const started = performance.now();
  const result = (await runJob(job)) as T;
  const wallMs = performance.now() - started;
  const readyAt = (result as { readyAt?: number } | undefined)?.readyAt;
  return { result, wallMs, readyMs: readyAt === undefined ? undefined : readyAt - (performance.timeOrigin + started) };
}
