import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import type { Article } from '../../src/corpus/types.ts';
import { englishFixture, seedArticle } from './testApp.ts';

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `qa-${prefix}-`));
}

/** Writes articles (file name → content) into a corpus folder and loads it. */
export async function writeCorpus(dir: string, files: Record<string, string>): Promise<Article[]> {
  await fs.mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content);
  return (await loadCorpus(dir)).articles;
}

export async function seedFiles(): Promise<Record<string, string>> {
  return {
    [path.basename(seedArticle)]: await fs.readFile(seedArticle, 'utf8'),
    [path.basename(englishFixture)]: await fs.readFile(englishFixture, 'utf8'),
  };
}

export const extraArticle = `---
title: Kyiv winter energy plan
language: en
---
Ukraine's energy ministry published a winter plan to protect power plants from drone attacks. Repairs to the grid will continue through December.
`;
