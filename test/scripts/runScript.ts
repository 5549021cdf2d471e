import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, seedArticle, TEST_MODEL_ID, testModelRoot } from '../support/testApp.ts';

/** A script loads tsx, the model and the index in a process of its own: slower than the default test timeout on a busy machine. */
export const SCRIPT_TIMEOUT = { timeout: 60_000 };

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ScriptFolder {
  root: string;
  corpusDir: string;
  cleanup: () => Promise<void>;
}

/** A temporary folder with a corpus (the seed article unless told otherwise). */
export async function scriptFolder(articles: string[] = [seedArticle]): Promise<ScriptFolder> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'qa-script-'));
  const corpusDir = path.join(root, 'corpus');
  await fs.mkdir(corpusDir);
  for (const file of articles) await fs.copyFile(file, path.join(corpusDir, path.basename(file)));
  return { root, corpusDir, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}

/**
 * The environment of a script under test: the test model, folders under `root`, no downloads, no
 * Discord. Every setting a test relies on is given, so a developer's .env (dotenv never overrides
 * what is set) changes nothing.
 */
export async function scriptEnv(root: string, overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    PATH: process.env.PATH ?? '',
    CORPUS_DIR: path.join(root, 'corpus'),
    DATA_DIR: path.join(root, 'data'),
    EMBEDDING_MODEL: TEST_MODEL_ID,
    MODEL_DIR: await testModelRoot(),
    MODEL_CACHE_DIR: path.join(root, 'model-cache'),
    ALLOW_REMOTE_MODELS: 'false',
    EMBEDDING_THREADS: '1',
    DISCORD_TOKEN: '',
    WATCH_CORPUS: 'false',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

/** Runs scripts/<name>.ts as `npm run` does (through tsx), with stdin closed. */
export function runScript(name: string, args: string[], env: Record<string, string>): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', `${name}.ts`), ...args], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
