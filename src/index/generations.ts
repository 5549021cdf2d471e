import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';

/**
 * An index folder holds complete generations, each in its own folder, and a CURRENT file naming
 * the live one. A new generation is written under a temporary name, renamed when complete, and
 * only then made current by renaming a new CURRENT over the old: a crash at any point leaves
 * CURRENT naming a complete generation.
 */
export const CURRENT_FILE = 'CURRENT';
const TEMPORARY_SUFFIX = '.tmp';

export function newGenerationName(now: Date): string {
  return `gen-${now.toISOString().replace(/[-:.]/gu, '').replace('T', '-')}-${randomBytes(3).toString('hex')}`;
}

export function temporaryFolder(indexDir: string, generation: string): string {
  return path.join(indexDir, generation + TEMPORARY_SUFFIX);
}

/** The live generation's folder name, or undefined when no index was ever completed here. */
export async function readCurrent(indexDir: string): Promise<string | undefined> {
  try {
    const name = (await fs.readFile(path.join(indexDir, CURRENT_FILE), 'utf8')).trim();
    return name || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renames a finished temporary folder into place and makes it the live generation. */
export async function publishGeneration(indexDir: string, generation: string): Promise<void> {
  await syncFolder(temporaryFolder(indexDir, generation));
  await fs.rename(temporaryFolder(indexDir, generation), path.join(indexDir, generation));
  const pointer = path.join(indexDir, CURRENT_FILE + TEMPORARY_SUFFIX);
  const handle = await fs.open(pointer, 'w');
  try {
    await handle.writeFile(`${generation}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(pointer, path.join(indexDir, CURRENT_FILE));
  await syncFolder(indexDir);
}

/**
 * Deletes unfinished temporary folders and generations other than the ones to keep. Readers of
 * a deleted generation keep working: they hold its files open.
 */
export async function removeStaleGenerations(indexDir: string, keep: string[]): Promise<void> {
  const entries = await fs.readdir(indexDir, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('gen-') && !keep.includes(entry.name))
      .map((entry) => fs.rm(path.join(indexDir, entry.name), { recursive: true, force: true })),
  );
}

export async function fileDigest(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  await pipeline(createReadStream(file), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      bytes += chunk.length;
      hash.update(chunk);
    }
  });
  return { bytes, sha256: hash.digest('hex') };
}

/** Writes a file and flushes it to disk before returning. */
export async function writeFileDurably(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
