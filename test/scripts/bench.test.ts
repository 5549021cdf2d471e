import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPT_TIMEOUT, runScript, scriptEnv, scriptFolder, type ScriptFolder } from './runScript.ts';

describe('npm run bench', SCRIPT_TIMEOUT, () => {
  let folder: ScriptFolder;
  beforeAll(async () => {
    folder = await scriptFolder([]);
  });
  afterAll(() => folder.cleanup());

  it('says to use --no-model (or MODEL_DIR/--model-dir) when the model cannot be loaded', async () => {
    const run = await runScript('bench', ['--quick'], await scriptEnv(folder.root, { MODEL_DIR: folder.root }));
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(
      'To bench without the model, add --no-model (synthetic vectors; the sections that need the model are skipped), ' +
        'or point --model-dir (MODEL_DIR) and --model (EMBEDDING_MODEL) at a model on disk.',
    );
    expect(lines.at(-2)).toMatch(/^The embedding model "test-org\/bilingual-mini" \(EMBEDDING_MODEL\) could not be loaded: /u);
  });
});
