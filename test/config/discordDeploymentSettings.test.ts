import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/settings.ts';
import { SettingsError } from '../../src/errors.ts';

const root = path.resolve('/srv/article-bot');

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadSettings(env, root);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    const [heading, ...lines] = (error as Error).message.split('\n');
    expect(heading).toBe('Invalid settings in .env or the environment:');
    return lines.map((line) => line.replace(/^ {2}- /u, ''));
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
}

const apiDoc =
  "(Discord's REST base, to which discord.js adds /v10/…; a REST proxy's address (nirn-proxy, twilight-http-proxy) for global rate limits. The gateway address then comes from GET /gateway/bot.)";

describe('DISCORD_API_URL', () => {
  it("is Discord's REST base unless set, and a proxy's address when set, kept without trailing slashes", () => {
    expect(loadSettings({}, root).discord.apiUrl).toBe('https://discord.com/api');
    expect(loadSettings({ DISCORD_API_URL: 'http://rest-proxy.internal:8080/api/' }, root).discord.apiUrl).toBe('http://rest-proxy.internal:8080/api');
    expect(loadSettings({ DISCORD_API_URL: ' http://127.0.0.1:3000 ' }, root).discord.apiUrl).toBe('http://127.0.0.1:3000');
  });

  it.each([
    ['discord.com/api', 'expected an absolute http:// or https:// URL, such as https://discord.com/api'],
    ['ws://127.0.0.1:3000/api', 'expected an http:// or https:// URL, not ws://'],
    ['https://discord.com/api/v10', 'expected the base without the API version (discord.js adds /v10 itself): https://discord.com/api'],
    ['https://discord.com/api?proxy=1', 'expected a plain base URL, without credentials, a ?query or a #fragment'],
    ['https://user:secret@proxy.internal/api', 'expected a plain base URL, without credentials, a ?query or a #fragment'],
  ])('refuses %s, naming DISCORD_API_URL and what is wrong', (value, message) => {
    expect(problems({ DISCORD_API_URL: value })).toEqual([`DISCORD_API_URL=${JSON.stringify(value)}: ${message} ${apiDoc}`]);
  });
});

describe('SHARDS, SHARD_COUNT and SHARD_IDS', () => {
  const shards = (env: NodeJS.ProcessEnv) => loadSettings(env, root).discord.shards;

  it('run one process (one shard) unless set, or with SHARDS=1', () => {
    expect(shards({})).toEqual({ count: 1, ids: undefined });
    expect(shards({ SHARDS: '1' })).toEqual({ count: 1, ids: undefined });
  });

  it('take SHARDS=auto or a number of shards for this host, and SHARD_COUNT with SHARD_IDS for a share of them', () => {
    expect(shards({ SHARDS: 'auto' })).toEqual({ count: 'auto', ids: undefined });
    expect(shards({ SHARDS: 'AUTO' })).toEqual({ count: 'auto', ids: undefined });
    expect(shards({ SHARDS: '4' })).toEqual({ count: 4, ids: undefined });
    expect(shards({ SHARD_COUNT: '4', SHARD_IDS: '2, 3' })).toEqual({ count: 4, ids: [2, 3] });
    expect(shards({ SHARD_COUNT: '1', SHARD_IDS: '0' })).toEqual({ count: 1, ids: [0] });
  });

  it.each([
    [{ SHARDS: '0' }, 'SHARDS="0": expected auto or a whole number of shards (1 or more)'],
    [{ SHARDS: 'two' }, 'SHARDS="two": expected auto or a whole number of shards (1 or more)'],
    [{ SHARD_COUNT: '2.5', SHARD_IDS: '0' }, 'SHARD_COUNT="2.5": expected a whole number of shards (1 or more)'],
    [{ SHARD_COUNT: '2', SHARD_IDS: '0;1' }, 'SHARD_IDS="0;1": expected comma-separated shard ids (whole numbers from 0), such as 0,1'],
    [{ SHARD_COUNT: '2', SHARD_IDS: '-1' }, 'SHARD_IDS="-1": expected comma-separated shard ids (whole numbers from 0), such as 0,1'],
  ])('refuses a value that is not one: %o', (env, start) => {
    const [problem] = problems(env);
    expect(problem?.startsWith(`${start} (`)).toBe(true);
  });

  it.each([
    [{ SHARD_IDS: '0,1' }, 'SHARD_IDS=0,1 needs SHARD_COUNT, the total number of shards over every host.'],
    [{ SHARD_COUNT: '4' }, 'SHARD_COUNT=4 without SHARD_IDS: set SHARD_IDS to the shards this host runs, or SHARDS=4 to run every shard here.'],
    [{ SHARD_COUNT: '4', SHARD_IDS: '3,4' }, 'SHARD_IDS=3,4: 4 is not below SHARD_COUNT=4 (shard ids go from 0 to 3).'],
    [{ SHARD_COUNT: '2', SHARD_IDS: '2,5' }, 'SHARD_IDS=2,5: 2, 5 are not below SHARD_COUNT=2 (shard ids go from 0 to 1).'],
    [{ SHARD_COUNT: '4', SHARD_IDS: '1,2,1' }, 'SHARD_IDS=1,2,1 lists 1 more than once.'],
    [
      { SHARDS: 'auto', SHARD_IDS: '0', SHARD_COUNT: '2' },
      'SHARDS=auto with SHARD_IDS: hosts that split the shards must agree on a fixed SHARD_COUNT; set SHARD_COUNT=N and leave SHARDS empty.',
    ],
    [{ SHARDS: 'auto', SHARD_IDS: '0' }, 'SHARDS=auto with SHARD_IDS: hosts that split the shards must agree on a fixed SHARD_COUNT; set SHARD_COUNT=N and leave SHARDS empty.'],
    [
      { SHARDS: '2', SHARD_COUNT: '2', SHARD_IDS: '0' },
      'SHARDS=2 with SHARD_IDS and SHARD_COUNT: set either SHARDS (every shard runs on this host) or SHARD_COUNT with SHARD_IDS (the shards of this host), not both.',
    ],
    [
      { SHARDS: '2', SHARD_COUNT: '2' },
      'SHARDS=2 with SHARD_COUNT: set either SHARDS (every shard runs on this host) or SHARD_COUNT with SHARD_IDS (the shards of this host), not both.',
    ],
  ])('refuses settings that do not go together, naming them: %o', (env, message) => {
    expect(problems(env)).toEqual([message]);
  });

  it('reports a bad value alone, not also the combination it spoils, and every other bad setting with it', () => {
    expect(problems({ SHARD_IDS: 'x', TOP_K: 'zero' }).map((line) => line.split('=')[0])).toEqual(['TOP_K', 'SHARD_IDS']);
  });
});
