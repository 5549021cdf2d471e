import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { INDEX_FORMAT_VERSION } from '../index/manifest.ts';

/** Bumped when what the benchmark generates changes, so older cached corpora and indexes are not reused. */
export const BENCH_CACHE_VERSION = 2;

/** A folder under the cache named for everything that determines its contents. */
export function cacheFolder(cacheDir: string, kind: string, key: unknown): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ key, bench: BENCH_CACHE_VERSION, index: INDEX_FORMAT_VERSION }))
    .digest('hex')
    .slice(0, 12);
  return path.join(cacheDir, `${kind}-${digest}`);
}

/** Whether a cached build can be used: it finished (its DONE marker is written last), and was not to be rebuilt (--fresh) or was rebuilt in this run. */
export async function isReusable(folder: string, context: { fresh: boolean; built: Set<string> }): Promise<boolean> {
  return (!context.fresh || context.built.has(folder)) && (await isComplete(folder));
}

/** Whether a cached build finished (its DONE marker is written last). */
export async function isComplete(folder: string): Promise<boolean> {
  return fs
    .access(path.join(folder, 'DONE'))
    .then(() => true)
    .catch(() => false);
}

export async function markComplete(folder: string, info: unknown, context: { built: Set<string> }): Promise<void> {
  await fs.writeFile(path.join(folder, 'DONE'), `${JSON.stringify(info)}\n`);
  context.built.add(folder);
}

export async function readCompletion<T>(folder: string): Promise<T> {
  return JSON.parse(await fs.readFile(path.join(folder, 'DONE'), 'utf8')) as T;
}
