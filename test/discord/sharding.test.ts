import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/settings.ts';
import { runsSeveralProcesses, shardChildFromEnv, sharedStoreRequired, shardingManagerOptions, ShardingError } from '../../src/discord/sharding.ts';

const root = path.resolve('/srv/article-bot');
const postgres = { STORE: 'postgres', DATABASE_URL: 'postgres://bot:secret@db.internal:5432/articles' };
const settings = (env: NodeJS.ProcessEnv) => loadSettings(env, root);

describe('sharedStoreRequired', () => {
  it('lets one process run on either store', () => {
    expect(sharedStoreRequired(settings({}))).toBeUndefined();
    expect(sharedStoreRequired(settings({ SHARDS: '1' }))).toBeUndefined();
    expect(sharedStoreRequired(settings(postgres))).toBeUndefined();
  });

  it('lets several processes run on the shared store, STORE=postgres', () => {
    expect(sharedStoreRequired(settings({ ...postgres, SHARDS: '2' }))).toBeUndefined();
    expect(sharedStoreRequired(settings({ ...postgres, SHARDS: 'auto' }))).toBeUndefined();
    expect(sharedStoreRequired(settings({ ...postgres, SHARD_COUNT: '4', SHARD_IDS: '0,1' }))).toBeUndefined();
  });

  it.each([
    [{ SHARDS: '2' }, 'SHARDS=2 starts 2 processes, one per shard'],
    [{ SHARDS: 'auto' }, 'SHARDS=auto starts a process for each shard Discord recommends'],
    // One shard here is still one process of several, over every host.
    [{ SHARD_COUNT: '2', SHARD_IDS: '0' }, 'SHARD_IDS=0 with SHARD_COUNT=2 runs shards 0 here and the others on other hosts'],
  ])('refuses several processes on the local store, saying what they start and to set STORE=postgres: %o', (env, what) => {
    const refusal = sharedStoreRequired(settings(env));
    expect(refusal).toContain(`Several processes cannot share the local store: ${what}, and each would keep its own index`);
    expect(refusal).toContain(`DATA_DIR (${path.join(root, 'data')})`);
    expect(refusal).toContain('Set STORE=postgres (with DATABASE_URL), the store every process shares, or run the bot in one process');
  });
});

describe('runsSeveralProcesses', () => {
  it('is true for more than one shard, auto, or a share of the shards', () => {
    expect(runsSeveralProcesses({ count: 1, ids: undefined })).toBe(false);
    expect(runsSeveralProcesses({ count: 2, ids: undefined })).toBe(true);
    expect(runsSeveralProcesses({ count: 'auto', ids: undefined })).toBe(true);
    expect(runsSeveralProcesses({ count: 1, ids: [0] })).toBe(true);
  });
});

describe('shardChildFromEnv', () => {
  const managerEnv = { SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' };

  it('names the shard a sharding manager gave this process', () => {
    expect(shardChildFromEnv(managerEnv, true)).toEqual({ id: 1, count: 2 });
  });

  it("is undefined for a process the operator started, whose SHARDS is the operator's setting", () => {
    expect(shardChildFromEnv({ SHARDS: '2' }, false)).toBeUndefined();
    expect(shardChildFromEnv(managerEnv, false)).toBeUndefined();
  });

  it('refuses a shard outside the count', () => {
    expect(() => shardChildFromEnv({ ...managerEnv, SHARDS: '2' }, true)).toThrow(ShardingError);
  });
});

describe('shardingManagerOptions', () => {
  it("starts this host's shards out of the total, each with the tsx loader", () => {
    const options = shardingManagerOptions({ shards: { count: 4, ids: [2, 3] }, totalShards: 4, token: 't' });
    expect(options).toMatchObject({ mode: 'process', totalShards: 4, shardList: [2, 3], execArgv: ['--import', 'tsx'] });
    expect(shardingManagerOptions({ shards: { count: 'auto', ids: undefined }, totalShards: 3, token: 't' }).shardList).toBe('auto');
  });
});
