import path from 'node:path';
import { App } from '../../app/app.ts';
import type { Settings } from '../../config/settings.ts';
import { loadEmbedder } from '../../embed/loadEmbedder.ts';
import { ChunkStore } from '../../index/chunkStore.ts';
import { readCurrent } from '../../index/generations.ts';
import { readLexical, readLocations, readVectors } from '../../index/indexSnapshot.ts';
import { readManifest } from '../../index/manifest.ts';
import { toSearchTerms } from '../../text/terms.ts';
import { silentLogger } from '../../util/logger.ts';
import { residentMemory } from '../child.ts';

export type MemoryComponent = 'runtime' | 'model' | 'hnsw' | 'store' | 'lexical' | 'bot';

export interface MemoryJob {
  type: 'memory';
  what: MemoryComponent;
  settings: Settings;
  question: string;
}

export interface MemorySample {
  /** Peak resident memory of the process (VmHWM), bytes. */
  peak: number;
  /** Resident memory after loading and a garbage collection (VmRSS), bytes. */
  rss: number;
  heapUsed: number;
  /** Memory outside the JS heap that V8 knows of (typed-array buffers...), bytes; native libraries' own memory is not in it. */
  external: number;
  /** Milliseconds the component took to load in this process. */
  loadMs: number;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

/**
 * Loads one part of the bot in this (fresh) process and reports its memory: every probe imports
 * the same modules first, so the parts' differences from the 'runtime' probe are their own cost.
 */
export async function memoryJob(job: MemoryJob): Promise<MemorySample> {
  const { settings } = job;
  const generation = await readCurrent(settings.indexDir);
  if (!generation) throw new Error(`no index in ${settings.indexDir}`);
  const folder = path.join(settings.indexDir, generation);
  const keep: unknown[] = [];
  const started = performance.now();
  switch (job.what) {
    case 'runtime':
      break;
    case 'model': {
      const embedder = await loadEmbedder(settings.model);
      await embedder.embedQuery(job.question);
      keep.push(embedder);
      break;
    }
    case 'hnsw': {
      const index = await readVectors(folder, await readManifest(folder), settings.hnsw.efSearch);
      keep.push(index);
      break;
    }
    case 'store': {
      const manifest = await readManifest(folder);
      const store = await ChunkStore.open(folder, manifest.segments, await readLocations(folder));
      await store.get([0, 1, 2]);
      keep.push(manifest, store);
      break;
    }
    case 'lexical': {
      const lexical = await readLexical(folder, await readManifest(folder));
      lexical.search(toSearchTerms(job.question, { query: true }), 40);
      keep.push(lexical);
      break;
    }
    case 'bot': {
      const app = new App({ settings, logger: silentLogger });
      await app.start();
      for (let i = 0; i < 3; i += 1) {
        const answer = await app.ask(job.question);
        if (!answer.ok) throw new Error(answer.message);
      }
      keep.push(app);
      break;
    }
  }
  const loadMs = performance.now() - started;
  collect();
  const memory = process.memoryUsage();
  const resident = residentMemory();
  // The loaded parts stay referenced until here, so the collection above cannot free them.
  void keep;
  return { peak: resident?.peak ?? memory.rss, rss: resident?.current ?? memory.rss, heapUsed: memory.heapUsed, external: memory.external, loadMs };
}
