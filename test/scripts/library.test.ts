import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryPaths } from '../../src/app/library.ts';
import { createTestApp, repoRoot, type TestApp } from '../support/testApp.ts';

const run = promisify(execFile);
const SERVER = '190000000000000009';
const OTHER = '190000000000000008';

describe('npm run library', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;

  const library = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/library.ts'), ...args], { cwd: repoRoot, env });
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    const file = { name: 'ferry.md', bytes: Buffer.from('---\ntitle: Island ferry timetable\nlanguage: en\n---\nThe island ferry leaves every forty minutes.\n') };
    await t.app.addArticle({ file }, SERVER);
    await t.app.close();
    const s = t.settings;
    env = { ...process.env, CORPUS_DIR: s.corpusDir, DATA_DIR: s.dataDir, EMBEDDING_MODEL: s.model.id, MODEL_DIR: s.model.localDir, ALLOW_REMOTE_MODELS: 'false', WATCH_CORPUS: 'false', LOG_LEVEL: 'silent' };
  }, 60_000);

  afterAll(() => t.cleanup());

  it('lists the shared library and each server library with its articles and chunks', async () => {
    const { code, stdout, stderr } = await library('list');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^shared +1 articles +\d+ chunks/mu);
    expect(stdout).toMatch(new RegExp(`^${SERVER} +1 articles +1 chunks`, 'mu'));
  }, 60_000);

  it("moves an article to another server's library, reindexing both", async () => {
    const { code, stdout, stderr } = await library('move', 'ferry', '--from', SERVER, '--to', OTHER);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Moved Island ferry timetable (ferry) from the library ${SERVER} to ${OTHER}`);
    await expect(fs.readdir(libraryPaths(OTHER, t.settings).corpusDir)).resolves.toEqual(['ferry.md']);
    expect((await library('list')).stdout).toMatch(new RegExp(`^${OTHER} +1 articles`, 'mu'));
  }, 60_000);

  it('removes a server library, and refuses what is not a server id', async () => {
    expect((await library('remove', OTHER)).code).toBe(0);
    await expect(fs.access(path.dirname(libraryPaths(OTHER, t.settings).corpusDir))).rejects.toThrow();
    const refused = await library('remove', '../../etc');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"../../etc" is not a library: give a Discord server id (15 to 22 digits) or "shared".');
    const usage = await library('nonsense');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run library -- list');
  }, 60_000);
});
