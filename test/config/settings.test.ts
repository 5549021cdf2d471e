import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, renderEnvExample, settingDefinitions } from '../../src/config/settings.ts';
import { SettingsError } from '../../src/errors.ts';

const root = path.resolve('/srv/article-bot');

const failure = (env: NodeJS.ProcessEnv): unknown => {
  try {
    loadSettings(env, root);
  } catch (error) {
    return error;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
};
const messageFor = (env: NodeJS.ProcessEnv): string => {
  const error = failure(env);
  expect(error).toBeInstanceOf(SettingsError);
  return (error as Error).message;
};

describe('loadSettings', () => {
  it('loads the defaults from an empty environment', () => {
    expect(loadSettings({}, root)).toEqual({
      corpusDir: path.join(root, 'corpus'),
      dataDir: path.join(root, 'data'),
      store: { kind: 'local' },
      indexDir: path.join(root, 'data', 'index'),
      feedbackFile: path.join(root, 'data', 'feedback.jsonl'),
      maxArticleBytes: 2_000_000,
      chunk: { maxTokens: 200, overlapSentences: 1 },
      watchCorpus: true,
      libraries: { dir: path.join(root, 'data', 'libraries'), shared: 'all', idleSeconds: 900, maxOpen: 64 },
      model: {
        id: 'Xenova/multilingual-e5-small',
        localDir: path.join(root, 'models'),
        cacheDir: path.join(root, '.cache', 'models'),
        allowRemote: true,
        quantized: true,
        queryPrefix: undefined,
        passagePrefix: undefined,
        batchSize: 16,
        threads: os.availableParallelism(),
        retrySeconds: 300,
      },
      hnsw: { m: 16, efConstruction: 200, efSearch: 100 },
      search: { topK: 3, denseWeight: 1, lexicalWeight: 1, rrfK: 60, minCoverage: 0.425, minSimilarity: undefined, maxQuestionChars: 500 },
      discord: {
        token: undefined,
        guildId: undefined,
        adminRoleIds: [],
        adminUserIds: [],
        ownerUserIds: [],
        allowedChannelIds: [],
        rateLimit: { questions: 5, windowSeconds: 60 },
        maxConcurrentQuestions: 2,
        showScores: false,
        maxUploadBytes: 1_000_000,
        urlFetchTimeoutSeconds: 15,
        allowPrivateUrls: false,
        apiUrl: 'https://discord.com/api',
        shards: { count: 1, ids: undefined },
      },
      logLevel: 'info',
    });
  });

  it('takes empty and blank values for unset, and trims the others', () => {
    const settings = loadSettings({ TOP_K: '', HNSW_M: '   ', RATE_LIMIT_QUESTIONS: ' 7 ', DISCORD_TOKEN: ' secret ' }, root);

    expect(settings.search.topK).toBe(3);
    expect(settings.hnsw.m).toBe(16);
    expect(settings.discord.rateLimit.questions).toBe(7);
    expect(settings.discord.token).toBe('secret');
  });

  it('reads numbers, switches, Discord id lists and the optional similarity threshold', () => {
    const settings = loadSettings(
      {
        TOP_K: '5',
        FUSION_DENSE_WEIGHT: '0.5',
        WATCH_CORPUS: 'no',
        SHOW_SCORES: 'yes',
        ALLOW_PRIVATE_URLS: '1',
        ADMIN_ROLE_IDS: '123456789012345678, 234567890123456789,',
        NOT_FOUND_MIN_SIMILARITY: '0.8',
        EMBEDDING_QUERY_PREFIX: 'query: ',
      },
      root,
    );

    expect(settings.search.topK).toBe(5);
    expect(settings.search.denseWeight).toBe(0.5);
    expect(settings.watchCorpus).toBe(false);
    expect(settings.discord.showScores).toBe(true);
    expect(settings.discord.allowPrivateUrls).toBe(true);
    expect(settings.discord.adminRoleIds).toEqual(['123456789012345678', '234567890123456789']);
    expect(settings.search.minSimilarity).toBe(0.8);
    // A prefix keeps its trailing space: the model was trained on "query: " and not "query:".
    expect(settings.model.queryPrefix).toBe('query: ');
  });

  it('resolves relative folders against the root and keeps absolute ones', () => {
    const data = path.resolve('/var/lib/article-bot');
    const settings = loadSettings({ CORPUS_DIR: 'articles/ar', DATA_DIR: data, MODEL_DIR: '../models' }, root);

    expect(settings.corpusDir).toBe(path.join(root, 'articles', 'ar'));
    expect(settings.dataDir).toBe(data);
    expect(settings.indexDir).toBe(path.join(data, 'index'));
    expect(settings.feedbackFile).toBe(path.join(data, 'feedback.jsonl'));
    expect(settings.model.localDir).toBe(path.resolve(root, '..', 'models'));
  });

  it('uses one thread per core when EMBEDDING_THREADS is 0, and the given number otherwise', () => {
    expect(loadSettings({ EMBEDDING_THREADS: '0' }, root).model.threads).toBe(os.availableParallelism());
    expect(loadSettings({ EMBEDDING_THREADS: '3' }, root).model.threads).toBe(3);
  });

  it.each([
    [{ TOP_K: 'zero' }, 'TOP_K="zero": Invalid input: expected number, received NaN (Passages per answer.)'],
    [{ TOP_K: '2.5' }, 'TOP_K="2.5": Invalid input: expected int, received number (Passages per answer.)'],
    [{ TOP_K: '11' }, 'TOP_K="11": Too big: expected number to be <=10 (Passages per answer.)'],
    [
      { ADMIN_ROLE_IDS: 'abc' },
      'ADMIN_ROLE_IDS="abc": expected comma-separated Discord ids (15 to 22 digits each) (Comma-separated role ids allowed to manage articles of their server\'s library (besides Manage Server).)',
    ],
    [
      { ALLOW_REMOTE_MODELS: 'maybe' },
      'ALLOW_REMOTE_MODELS="maybe": Invalid option: expected one of "true"|"1"|"yes"|"on"|"false"|"0"|"no"|"off" (Download the model from the Hugging Face hub when it is not in MODEL_DIR or the cache.)',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud": Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent" (Log level.)'],
    [
      { CHUNK_MAX_TOKENS: '10' },
      'CHUNK_MAX_TOKENS="10": Too small: expected number to be >=20 (Token budget of one chunk (the model reads at most 512).)',
    ],
    [
      { NOT_FOUND_MIN_SIMILARITY: '2' },
      'NOT_FOUND_MIN_SIMILARITY="2": Too big: expected number to be <=1 (…or when its cosine similarity to the question reaches this; empty = the model profile\'s value (e5: 0.82).)',
    ],
  ] as Array<[NodeJS.ProcessEnv, string]>)('refuses %o naming the variable and what it expects', (env, line) => {
    expect(messageFor(env)).toBe(`Invalid settings in .env or the environment:\n  - ${line}`);
  });

  it('reads STORE=postgres with its DATABASE_URL, and never shows the password of a bad one', () => {
    const url = 'postgres://bot:s3cret@db.example:5432/articles';
    expect(loadSettings({ STORE: 'postgres', DATABASE_URL: url }, root).store).toEqual({ kind: 'postgres', databaseUrl: url });
    expect(messageFor({ STORE: 'postgres' })).toContain('STORE=postgres needs DATABASE_URL');
    const message = messageFor({ STORE: 'postgres', DATABASE_URL: 'mysql://bot:s3cret@db.example/articles' });
    expect(message).toContain('DATABASE_URL="mysql://bot:***@db.example/articles": expected a postgres:// URL');
    expect(message).not.toContain('s3cret');
    expect(message).not.toContain('needs DATABASE_URL');
  });

  it('reports every bad value at once, in the order of the settings table', () => {
    const message = messageFor({ LOG_LEVEL: 'loud', TOP_K: 'zero', ADMIN_ROLE_IDS: 'abc', ALLOW_REMOTE_MODELS: 'maybe', CORPUS_DIR: 'fine' });

    expect(message.split('\n').map((line) => line.match(/^ {2}- ([A-Z_]+)=/u)?.[1] ?? line)).toEqual([
      'Invalid settings in .env or the environment:',
      'ALLOW_REMOTE_MODELS',
      'TOP_K',
      'ADMIN_ROLE_IDS',
      'LOG_LEVEL',
    ]);
  });
});

describe('renderEnvExample', () => {
  const example = renderEnvExample();

  it('is what .env.example in the repository holds (run `npm run env:example` after changing a setting)', () => {
    expect(fs.readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')).toBe(example);
  });

  it('lists every setting with its default, under a comment that documents it', () => {
    const lines = example.split('\n');
    for (const [name, definition] of Object.entries(settingDefinitions)) {
      const at = lines.indexOf(`${name}=${definition.default}`);
      expect(at, name).toBeGreaterThan(0);
      expect(lines[at - 1]).toBe(`# ${definition.doc}`);
    }
    expect(lines.filter((line) => /^[A-Z_]+=/u.test(line))).toHaveLength(Object.keys(settingDefinitions).length);
  });

  it('gives defaults that load', () => {
    const env = Object.fromEntries(example.split('\n').filter((line) => /^[A-Z_]+=/u.test(line)).map((line) => line.split(/=(.*)/su).slice(0, 2)));

    expect(loadSettings(env, root)).toEqual(loadSettings({}, root));
  });
});
