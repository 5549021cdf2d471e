import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishFixture } from '../support/testApp.ts';
import { SCRIPT_TIMEOUT, runScript, scriptEnv, scriptFolder, type ScriptFolder } from './runScript.ts';

describe.concurrent('npm run make-test-model', SCRIPT_TIMEOUT, () => {
  let folder: ScriptFolder;
  beforeAll(async () => {
    folder = await scriptFolder([]);
  });
  afterAll(() => folder.cleanup());

  it('says the vocabulary is the built-in word pairs only when no --texts are given', async () => {
    const out = path.join(folder.root, 'pairs-only');
    const run = await runScript('make-test-model', ['--out', out], await scriptEnv(folder.root));
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^${out}: \\d+ tokens from the built-in bilingual word pairs only \\(no --texts given\\), in \\d+ ms$`, 'u'));
    expect(run.stdout).toContain('\n  onnx/model.onnx  ');
  });

  it('counts the text files it read', async () => {
    const out = path.join(folder.root, 'with-texts');
    const run = await runScript('make-test-model', ['--out', out, '--texts', englishFixture], await scriptEnv(folder.root));
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^${out}: \\d+ tokens from the built-in bilingual word pairs and 1 text file, in \\d+ ms$`, 'u'));
  });

  it('prints its usage text on --help, and nothing else', async () => {
    const run = await runScript('make-test-model', ['--help'], await scriptEnv(folder.root));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run make-test-model -- --out DIR \[--texts FILE_OR_DIR \.\.\.\]/u);
    expect(run.stderr).toBe('');
  });

  it('refuses a dimension that is not a multiple of 4 with the usage text and exit code 2', async () => {
    const run = await runScript('make-test-model', ['--out', folder.root, '--dimension', '30'], await scriptEnv(folder.root));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\n--dimension must be a positive multiple of 4, got "30"\n\nusage: npm run make-test-model -- --out DIR /u);
  });
});
