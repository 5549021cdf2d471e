import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/testApp.ts';
import { SCRIPT_TIMEOUT, runScript, scriptEnv } from './runScript.ts';

describe.concurrent('npm start', SCRIPT_TIMEOUT, () => {
  // The index is built in this process, in the folders scriptEnv(t.root) names, so start opens it.
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it('explains a corpus folder that is not there, naming CORPUS_DIR, with exit code 1', async () => {
    const missing = path.join(t.root, 'no-such-corpus');
    const run = await runScript('start', [], await scriptEnv(t.root, { CORPUS_DIR: missing, WATCH_CORPUS: 'true' }));
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `\nThe corpus folder ${missing} cannot be watched (ENOENT: no such file or directory, watch '${missing}'); check CORPUS_DIR, or set WATCH_CORPUS=false.\n`,
    });
  });

  it('opens the terminal chat with its status line without a Discord token, and ends with its input', async () => {
    await fs.access(path.join(t.settings.indexDir, 'CURRENT'));
    const run = await runScript('start', [], await scriptEnv(t.root));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '(see README, "Discord setup").\n\n' +
        `Index: 1 article, ${t.app.status().chunks} chunks · hybrid search (meaning and keywords) with test-org/bilingual-mini.\n`,
    );
  });
});
