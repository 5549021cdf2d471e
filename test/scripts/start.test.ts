import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordStandIn } from '../support/discord/index.ts';
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

  it('refuses SHARDS=2 on the local store, before loading anything or calling Discord, with exit code 1', async () => {
    const standIn = await startDiscordStandIn();
    try {
      const env = await scriptEnv(t.root, { SHARDS: '2', DISCORD_TOKEN: 'test-token', DISCORD_API_URL: standIn.restUrl });
      const run = await runScript('start', [], env);
      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr:
          '\nSeveral processes cannot share the local store: SHARDS=2 starts 2 processes, one per shard, and each would keep its own index, ' +
          `server libraries and feedback log in DATA_DIR (${env.DATA_DIR}) and overwrite the others' reindexes. Set STORE=postgres ` +
          '(with DATABASE_URL), the store every process shares, or run the bot in one process: leave SHARDS, SHARD_COUNT and SHARD_IDS empty (or set SHARDS=1).\n',
      });
      expect(standIn.requests).toEqual([]);
    } finally {
      await standIn.close();
    }
  });
});
