import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPT_TIMEOUT, runScript, scriptEnv, scriptFolder, type ScriptFolder } from './runScript.ts';

const USAGE = `usage: npm run ask -- "your question" [--context "earlier question"] [--library <server id>] [--json] [--scores]

  --context TEXT  ask a follow-up: the earlier question it continues
  --library ID    answer as that Discord server would: its library and the shared one
  --json          print the answer object as JSON
  --scores        show each passage's score (also SHOW_SCORES=true)
`;

describe.concurrent('npm run ask', SCRIPT_TIMEOUT, () => {
  let folder: ScriptFolder;
  let env: Record<string, string>;
  beforeAll(async () => {
    folder = await scriptFolder([]);
    env = await scriptEnv(folder.root);
  });
  afterAll(() => folder.cleanup());

  it('refuses an unknown option with the usage text and exit code 2', async () => {
    const run = await runScript('ask', ['--bogus', 'Kursk?'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `\nUnknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--bogus"\n\n${USAGE}`,
    );
  });

  it('asks for the question before loading the model, with the full usage text', async () => {
    // No model where MODEL_DIR points: loading it would log a warning before the usage text.
    const run = await runScript('ask', [], { ...env, MODEL_DIR: folder.root, LOG_LEVEL: 'info' });
    expect(run).toEqual({ code: 2, stdout: '', stderr: `\nGive the question to ask.\n\n${USAGE}` });
  });

  it('says, on an empty index, which folder to put articles in and to run npm run index', async () => {
    const run = await runScript('ask', ['How many soldiers are in Kursk?'], env);
    expect(run).toEqual({
      code: 0,
      stdout: `No articles are indexed yet. Put article files (Markdown, text or HTML) in ${folder.corpusDir} and run npm run index.\n`,
      stderr: '',
    });
  });
});
