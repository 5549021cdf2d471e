import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPT_TIMEOUT, runScript, scriptEnv, scriptFolder, type ScriptFolder } from './runScript.ts';

describe.concurrent('npm run index', SCRIPT_TIMEOUT, () => {
  let folder: ScriptFolder;
  beforeAll(async () => {
    folder = await scriptFolder();
    await fs.writeFile(path.join(folder.corpusDir, 'a.pdf'), '%PDF-1.4');
    await fs.writeFile(path.join(folder.corpusDir, 'empty.md'), '');
  });
  afterAll(() => folder.cleanup());

  it('ends with a summary that counts and names the skipped files, and no model-failure count of zero', async () => {
    const dataDir = path.join(folder.root, 'data');
    const run = await runScript('index', [], await scriptEnv(folder.root, { DATA_DIR: dataDir }));
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/ in \d+\.\d s\./u, ' in 0.0 s.').replace(/\d+ added, 0 removed, \d+ in all/u, 'N added, 0 removed, N in all')).toBe(
      `Built the index in ${path.join(dataDir, 'index')} in 0.0 s.\n` +
        'Articles: 1 added, 0 updated, 0 removed, 0 unchanged (1 in all).\n' +
        'Chunks: N added, 0 removed, N in all.\n' +
        '2 files skipped: a.pdf (unsupported file type; articles are .md, .markdown, .txt, .html, .htm files), empty.md (the file is empty).\n',
    );
  });
});
