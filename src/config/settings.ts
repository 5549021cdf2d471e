import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { SettingsError } from '../errors.ts';

const bool = z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'] });
const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();
const snowflakeList = z
  .string()
  .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^\d{15,22}$/, 'expected comma-separated Discord ids (15 to 22 digits each)')));
const optionalNumber = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : Number(value)))
  .pipe(z.number().min(-1).max(1).optional());
/** Kept as written (a prefix such as "query: " ends in a space); empty means "not set". */
const optionalRawText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : value));
/** A postgres:// URL, or empty (not set). */
const databaseUrl = z.string().transform((value, ctx) => {
  if (value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'postgres:' && url?.protocol !== 'postgresql:') {
    ctx.addIssue({ code: 'custom', message: 'expected a postgres:// URL, such as postgres://bot:secret@localhost:5432/articles' });
    return z.NEVER;
  }
  return value;
});
/** How a setting's value is shown in a message: a password in a URL never is. */
function shownValue(name: SettingName, raw: string | undefined): string {
  if (name !== 'DATABASE_URL' || raw === undefined) return JSON.stringify(raw);
  return JSON.stringify(raw.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/iu, '$1***@'));
}
/** The REST base discord.js puts `/v10/<route>` after: an absolute http(s) URL, kept without trailing slashes. */
const apiUrl = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected an absolute http:// or https:// URL, such as https://discord.com/api' });
    return z.NEVER;
  }
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/u, '');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `expected an http:// or https:// URL, not ${url.protocol}//` });
  } else if (url.username || url.password || url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: 'expected a plain base URL, without credentials, a ?query or a #fragment' });
  } else if (/\/v\d+$/u.test(base)) {
    ctx.addIssue({ code: 'custom', message: `expected the base without the API version (discord.js adds /v10 itself): ${base.replace(/\/v\d+$/u, '')}` });
  }
  return base;
});
/** SHARDS: empty (one process), `auto` (Discord's recommendation) or a number of shards. */
const shardsSetting = z.string().transform((value, ctx) => {
  if (value === '') return undefined;
  if (value.toLowerCase() === 'auto') return 'auto' as const;
  const count = Number(value);
  if (Number.isInteger(count) && count >= 1) return count;
  ctx.addIssue({ code: 'custom', message: 'expected auto or a whole number of shards (1 or more)' });
  return z.NEVER;
});
const optionalCount = z.string().transform((value, ctx) => {
  if (value === '') return undefined;
  const count = Number(value);
  if (Number.isInteger(count) && count >= 1) return count;
  ctx.addIssue({ code: 'custom', message: 'expected a whole number of shards (1 or more)' });
  return z.NEVER;
});
const shardIdList = z.string().transform((value, ctx) => {
  if (value === '') return undefined;
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => !/^\d+$/u.test(item))) {
    ctx.addIssue({ code: 'custom', message: 'expected comma-separated shard ids (whole numbers from 0), such as 0,1' });
    return z.NEVER;
  }
  return items.map(Number);
});
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/**
 * Every setting, by its environment name: schema, default and the line `.env.example` documents it with.
 * `.env.example` is generated from this table (`npm run env:example`) and a test keeps them in step.
 *
 * This table is the one place defaults live: each stage's `default…Options` reads its defaults from
 * here ({@link settingDefault}). The bounds here are what the product accepts; a stage's own
 * validation rejects only what its algorithm cannot work with, so it is never stricter than this table.
 */
export const settingDefinitions = {
  // Corpus and index
  CORPUS_DIR: { schema: z.string().min(1), default: 'corpus', doc: 'Folder of article files (.md, .txt, .html).' },
  DATA_DIR: { schema: z.string().min(1), default: 'data', doc: 'Folder for the index, feedback log and other generated files.' },
  STORE: {
    schema: z.enum(['local', 'postgres']),
    default: 'local',
    doc: 'Where libraries, indexes and feedback live: local = files under DATA_DIR (one process); postgres = the PostgreSQL database at DATABASE_URL, which any number of bot processes share (README, "Deploying beyond one machine").',
  },
  DATABASE_URL: {
    schema: databaseUrl,
    default: '',
    doc: 'With STORE=postgres: the database, as postgres://user:password@host:5432/name (pgvector 0.8 or later installed; the bot creates its tables).',
  },
  MAX_ARTICLE_BYTES: { schema: positiveInt, default: '2000000', doc: 'Articles larger than this (bytes) are skipped with a warning.' },
  CHUNK_MAX_TOKENS: { schema: positiveInt.min(20).max(512), default: '200', doc: 'Token budget of one chunk (the model reads at most 512).' },
  CHUNK_OVERLAP_SENTENCES: { schema: nonNegativeInt.max(3), default: '1', doc: 'Sentences repeated between neighbouring chunks.' },
  WATCH_CORPUS: { schema: bool, default: 'true', doc: 'Reindex automatically when files in CORPUS_DIR (or an open server library) change while the bot runs.' },

  // Libraries: the shared one (CORPUS_DIR) and one per Discord server (DATA_DIR/libraries/<server id>/)
  SHARED_LIBRARY: {
    schema: z.enum(['all', 'dm-only', 'off']),
    default: 'all',
    doc: 'Who asks the shared library: all = every server and DMs; dm-only = DMs (and the command line) only; off = nobody on Discord.',
  },
  LIBRARY_IDLE_SECONDS: { schema: positiveInt, default: '900', doc: "A server library's index is closed after this long without a question (it reopens on the next)." },
  MAX_OPEN_LIBRARIES: { schema: positiveInt, default: '64', doc: 'Server libraries kept open at once; the one unused longest is closed to open another.' },

  // Embedding model
  EMBEDDING_MODEL: { schema: z.string().min(1), default: 'Xenova/multilingual-e5-small', doc: 'Hugging Face model id (Transformers.js ONNX layout).' },
  MODEL_DIR: { schema: z.string().min(1), default: 'models', doc: 'Local model folder, searched first: MODEL_DIR/<model id>/ (see npm run model:fetch).' },
  MODEL_CACHE_DIR: { schema: z.string().min(1), default: '.cache/models', doc: 'Where downloaded models are cached.' },
  ALLOW_REMOTE_MODELS: { schema: bool, default: 'true', doc: 'Download the model from the Hugging Face hub when it is not in MODEL_DIR or the cache.' },
  MODEL_QUANTIZED: { schema: bool, default: 'true', doc: 'Use the int8 quantized weights (onnx/model_quantized.onnx).' },
  EMBEDDING_QUERY_PREFIX: { schema: optionalRawText, default: '', doc: 'Override the prefix put before questions (e5 models: "query: ").' },
  EMBEDDING_PASSAGE_PREFIX: { schema: optionalRawText, default: '', doc: 'Override the prefix put before passages (e5 models: "passage: ").' },
  EMBEDDING_BATCH_SIZE: { schema: positiveInt.max(256), default: '16', doc: 'Passages embedded per model call while indexing.' },
  EMBEDDING_THREADS: { schema: nonNegativeInt, default: '0', doc: 'Threads for the model (0 = one per CPU core).' },
  MODEL_RETRY_SECONDS: { schema: positiveInt, default: '300', doc: 'When the model cannot load, answer lexically and retry after this many seconds.' },

  // Vector index (HNSW)
  HNSW_M: { schema: positiveInt.min(4).max(128), default: '16', doc: 'HNSW graph degree: higher = better recall, more memory.' },
  HNSW_EF_CONSTRUCTION: { schema: positiveInt.min(10), default: '200', doc: 'HNSW build-time breadth: higher = better graph, slower indexing.' },
  HNSW_EF_SEARCH: { schema: positiveInt.min(10), default: '100', doc: 'HNSW query-time breadth: higher = better recall, slower queries; an index of more than 250k vectors is searched with at least one step per 2,500 vectors.' },

  // Retrieval and answers
  TOP_K: { schema: positiveInt.max(10), default: '3', doc: 'Passages per answer.' },
  FUSION_DENSE_WEIGHT: { schema: z.coerce.number().nonnegative(), default: '1', doc: 'Weight of the dense (embedding) ranking in fusion.' },
  FUSION_LEXICAL_WEIGHT: { schema: z.coerce.number().nonnegative(), default: '1', doc: 'Weight of the lexical (BM25) ranking in fusion.' },
  FUSION_RRF_K: { schema: positiveInt, default: '60', doc: 'Reciprocal-rank-fusion constant.' },
  NOT_FOUND_MIN_COVERAGE: {
    schema: z.coerce.number().min(0).max(1),
    default: '0.425',
    doc: 'A passage is relevant when it holds this share of the question\'s keywords, each weighted by its rarity (0..1; see README, "Not found").',
  },
  NOT_FOUND_MIN_SIMILARITY: {
    schema: optionalNumber,
    default: '',
    doc: '…or when its cosine similarity to the question reaches this; empty = the model profile\'s value (e5: 0.82).',
  },
  MAX_QUESTION_CHARS: { schema: positiveInt.max(4000), default: '500', doc: 'Longest question accepted, in characters.' },

  // Discord
  DISCORD_TOKEN: { schema: optionalText, default: '', doc: 'Bot token from the Discord developer portal. Empty: npm start opens the terminal chat.' },
  DISCORD_GUILD_ID: { schema: optionalText, default: '', doc: 'Server id for npm run deploy-commands (instant); empty registers commands globally.' },
  ADMIN_ROLE_IDS: { schema: snowflakeList, default: '', doc: "Comma-separated role ids allowed to manage articles of their server's library (besides Manage Server)." },
  ADMIN_USER_IDS: { schema: snowflakeList, default: '', doc: "Comma-separated user ids allowed to manage articles of the server they use the bot in (besides Manage Server)." },
  OWNER_USER_IDS: { schema: snowflakeList, default: '', doc: "Comma-separated user ids of the bot's operators: they may also change the shared library from Discord." },
  ALLOWED_CHANNEL_IDS: { schema: snowflakeList, default: '', doc: 'Comma-separated channel ids the bot answers in; empty = everywhere.' },
  RATE_LIMIT_QUESTIONS: { schema: positiveInt, default: '5', doc: 'Questions one user may ask per RATE_LIMIT_WINDOW_SECONDS.' },
  RATE_LIMIT_WINDOW_SECONDS: { schema: positiveInt, default: '60', doc: 'Window of the per-user rate limit.' },
  MAX_CONCURRENT_QUESTIONS: { schema: positiveInt.max(16), default: '2', doc: 'Questions answered at once; the rest wait in a queue.' },
  SHOW_SCORES: { schema: bool, default: 'false', doc: 'Show retrieval scores under each passage (debugging).' },
  MAX_UPLOAD_BYTES: { schema: positiveInt, default: '1000000', doc: 'Largest article accepted by /add-article (file or URL), in bytes.' },
  URL_FETCH_TIMEOUT_SECONDS: { schema: positiveInt.max(120), default: '15', doc: 'Time limit for downloading an article URL.' },
  ALLOW_PRIVATE_URLS: { schema: bool, default: 'false', doc: 'Let /add-article fetch loopback, private and link-local addresses (tests only).' },
  DISCORD_API_URL: {
    schema: apiUrl,
    default: 'https://discord.com/api',
    doc: "Discord's REST base, to which discord.js adds /v10/…; a REST proxy's address (nirn-proxy, twilight-http-proxy) for global rate limits. The gateway address then comes from GET /gateway/bot.",
  },

  // Sharding (README, "Sharding"): one process per shard, started by npm start
  SHARDS: {
    schema: shardsSetting,
    default: '',
    doc: 'Empty or 1: the bot runs in one process. N: npm start runs N shards, one process each; auto: as many as Discord recommends. Several processes need a store they all share (README, "Sharding").',
  },
  SHARD_COUNT: { schema: optionalCount, default: '', doc: 'With SHARD_IDS: the total number of shards over every host (the same on each).' },
  SHARD_IDS: { schema: shardIdList, default: '', doc: 'Comma-separated shard ids this host runs (0 to SHARD_COUNT-1), so several hosts split the shards; needs SHARD_COUNT.' },

  LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info', doc: 'Log level.' },
} as const;

type Definitions = typeof settingDefinitions;
export type SettingName = keyof Definitions;
type Parsed = { [K in SettingName]: z.output<Definitions[K]['schema']> };

export interface Settings {
  corpusDir: string;
  dataDir: string;
  /** Where libraries, indexes and feedback live (STORE, DATABASE_URL). */
  store: { kind: 'local' } | { kind: 'postgres'; databaseUrl: string };
  indexDir: string;
  feedbackFile: string;
  maxArticleBytes: number;
  chunk: { maxTokens: number; overlapSentences: number };
  watchCorpus: boolean;
  libraries: {
    /** Where server libraries live: <dir>/<server id>/{corpus,index,feedback.jsonl}. */
    dir: string;
    shared: 'all' | 'dm-only' | 'off';
    idleSeconds: number;
    maxOpen: number;
  };
  model: {
    id: string;
    localDir: string;
    cacheDir: string;
    allowRemote: boolean;
    quantized: boolean;
    queryPrefix: string | undefined;
    passagePrefix: string | undefined;
    batchSize: number;
    threads: number;
    retrySeconds: number;
  };
  hnsw: { m: number; efConstruction: number; efSearch: number };
  search: {
    topK: number;
    denseWeight: number;
    lexicalWeight: number;
    rrfK: number;
    minCoverage: number;
    /** Undefined: the model profile decides. */
    minSimilarity: number | undefined;
    maxQuestionChars: number;
  };
  discord: {
    token: string | undefined;
    guildId: string | undefined;
    adminRoleIds: string[];
    adminUserIds: string[];
    ownerUserIds: string[];
    allowedChannelIds: string[];
    rateLimit: { questions: number; windowSeconds: number };
    maxConcurrentQuestions: number;
    showScores: boolean;
    maxUploadBytes: number;
    urlFetchTimeoutSeconds: number;
    allowPrivateUrls: boolean;
    /** REST base for discord.js's `rest.api` (no trailing slash, no version). */
    apiUrl: string;
    shards: ShardSettings;
  };
  logLevel: string;
}

/** How the bot is split into shards (SHARDS, SHARD_COUNT, SHARD_IDS). */
export interface ShardSettings {
  /** Shards over every host: 1 is one process, as before; 'auto' asks Discord (GET /gateway/bot). */
  count: number | 'auto';
  /** The shards this host runs (SHARD_IDS); undefined: all of them. */
  ids: readonly number[] | undefined;
}

/** The problems of the sharding settings taken together, each naming the settings at fault. */
function shardProblems(shards: 'auto' | number | undefined, count: number | undefined, ids: number[] | undefined): string[] {
  const problems: string[] = [];
  const given = (name: string, value: unknown) => `${name}=${Array.isArray(value) ? value.join(',') : String(value)}`;
  if (ids !== undefined && shards === 'auto') {
    problems.push('SHARDS=auto with SHARD_IDS: hosts that split the shards must agree on a fixed SHARD_COUNT; set SHARD_COUNT=N and leave SHARDS empty.');
  } else if (shards !== undefined && (ids !== undefined || count !== undefined)) {
    problems.push(
      `${given('SHARDS', shards)} with ${[ids !== undefined && 'SHARD_IDS', count !== undefined && 'SHARD_COUNT'].filter(Boolean).join(' and ')}: ` +
        'set either SHARDS (every shard runs on this host) or SHARD_COUNT with SHARD_IDS (the shards of this host), not both.',
    );
  } else if (ids !== undefined && count === undefined) {
    problems.push(`${given('SHARD_IDS', ids)} needs SHARD_COUNT, the total number of shards over every host.`);
  } else if (count !== undefined && ids === undefined) {
    problems.push(`${given('SHARD_COUNT', count)} without SHARD_IDS: set SHARD_IDS to the shards this host runs, or SHARDS=${count} to run every shard here.`);
  }
  if (ids !== undefined && count !== undefined) {
    const outside = ids.filter((id) => id >= count);
    if (outside.length) {
      const verb = outside.length === 1 ? 'is' : 'are';
      problems.push(`${given('SHARD_IDS', ids)}: ${outside.join(', ')} ${verb} not below SHARD_COUNT=${count} (shard ids go from 0 to ${count - 1}).`);
    }
    const twice = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (twice.length) problems.push(`${given('SHARD_IDS', ids)} lists ${[...new Set(twice)].join(', ')} more than once.`);
  }
  return problems;
}

/**
 * Reads and validates every setting once, at start. Relative folders resolve against `root`.
 * Throws a SettingsError that lists each bad variable with what it expects.
 */
export function loadSettings(
  env: NodeJS.ProcessEnv = process.env,
  root: string = process.cwd(),
  overrides: SettingOverrides = {},
): Settings {
  const problems: string[] = [];
  const parsed: Partial<Record<SettingName, unknown>> = {};
  for (const name of Object.keys(settingDefinitions) as SettingName[]) {
    const definition = settingDefinitions[name];
    const raw = overrides[name] ?? env[name];
    const keepSpaces = definition.schema === optionalRawText;
    const value = raw === undefined || raw.trim() === '' ? definition.default : keepSpaces ? raw : raw.trim();
    const result = definition.schema.safeParse(value);
    if (result.success) parsed[name] = result.data;
    else problems.push(`${name}=${shownValue(name, raw)}: ${result.error.issues.map((issue) => issue.message).join('; ')} (${definition.doc})`);
  }
  if (parsed.STORE === 'postgres' && parsed.DATABASE_URL === undefined && !problems.some((problem) => problem.startsWith('DATABASE_URL='))) {
    problems.push('STORE=postgres needs DATABASE_URL, the database to use (postgres://user:password@host:5432/name); or set STORE=local for files under DATA_DIR.');
  }
  if (!problems.some((problem) => /^SHARD(S|_COUNT|_IDS)=/u.test(problem))) {
    problems.push(...shardProblems(parsed.SHARDS as Parsed['SHARDS'], parsed.SHARD_COUNT as Parsed['SHARD_COUNT'], parsed.SHARD_IDS as Parsed['SHARD_IDS']));
  }
  if (problems.length > 0) {
    throw new SettingsError(`Invalid settings in .env or the environment:\n  - ${problems.join('\n  - ')}`);
  }
  return deepFreeze(toSettings(parsed as Parsed, root));
}

/** Settings given on the command line (`--model` and the like): they take precedence over `.env` and the environment. */
export type SettingOverrides = Partial<Record<SettingName, string>>;

function toSettings(s: Parsed, root: string): Settings {
  const resolve = (folder: string) => path.resolve(root, folder);
  const dataDir = resolve(s.DATA_DIR);
  return {
    corpusDir: resolve(s.CORPUS_DIR),
    dataDir,
    store: s.STORE === 'postgres' && s.DATABASE_URL !== undefined ? { kind: 'postgres', databaseUrl: s.DATABASE_URL } : { kind: 'local' },
    indexDir: path.join(dataDir, 'index'),
    feedbackFile: path.join(dataDir, 'feedback.jsonl'),
    maxArticleBytes: s.MAX_ARTICLE_BYTES,
    chunk: { maxTokens: s.CHUNK_MAX_TOKENS, overlapSentences: s.CHUNK_OVERLAP_SENTENCES },
    watchCorpus: s.WATCH_CORPUS,
    libraries: { dir: path.join(dataDir, 'libraries'), shared: s.SHARED_LIBRARY, idleSeconds: s.LIBRARY_IDLE_SECONDS, maxOpen: s.MAX_OPEN_LIBRARIES },
    model: {
      id: s.EMBEDDING_MODEL,
      localDir: resolve(s.MODEL_DIR),
      cacheDir: resolve(s.MODEL_CACHE_DIR),
      allowRemote: s.ALLOW_REMOTE_MODELS,
      quantized: s.MODEL_QUANTIZED,
      queryPrefix: s.EMBEDDING_QUERY_PREFIX,
      passagePrefix: s.EMBEDDING_PASSAGE_PREFIX,
      batchSize: s.EMBEDDING_BATCH_SIZE,
      threads: s.EMBEDDING_THREADS === 0 ? os.availableParallelism() : s.EMBEDDING_THREADS,
      retrySeconds: s.MODEL_RETRY_SECONDS,
    },
    hnsw: { m: s.HNSW_M, efConstruction: s.HNSW_EF_CONSTRUCTION, efSearch: s.HNSW_EF_SEARCH },
    search: {
      topK: s.TOP_K,
      denseWeight: s.FUSION_DENSE_WEIGHT,
      lexicalWeight: s.FUSION_LEXICAL_WEIGHT,
      rrfK: s.FUSION_RRF_K,
      minCoverage: s.NOT_FOUND_MIN_COVERAGE,
      minSimilarity: s.NOT_FOUND_MIN_SIMILARITY,
      maxQuestionChars: s.MAX_QUESTION_CHARS,
    },
    discord: {
      token: s.DISCORD_TOKEN,
      guildId: s.DISCORD_GUILD_ID,
      adminRoleIds: s.ADMIN_ROLE_IDS,
      adminUserIds: s.ADMIN_USER_IDS,
      ownerUserIds: s.OWNER_USER_IDS,
      allowedChannelIds: s.ALLOWED_CHANNEL_IDS,
      rateLimit: { questions: s.RATE_LIMIT_QUESTIONS, windowSeconds: s.RATE_LIMIT_WINDOW_SECONDS },
      maxConcurrentQuestions: s.MAX_CONCURRENT_QUESTIONS,
      showScores: s.SHOW_SCORES,
      maxUploadBytes: s.MAX_UPLOAD_BYTES,
      urlFetchTimeoutSeconds: s.URL_FETCH_TIMEOUT_SECONDS,
      allowPrivateUrls: s.ALLOW_PRIVATE_URLS,
      apiUrl: s.DISCORD_API_URL,
      shards: s.SHARD_IDS !== undefined ? { count: s.SHARD_COUNT!, ids: s.SHARD_IDS } : { count: s.SHARDS ?? 1, ids: undefined },
    },
    logLevel: s.LOG_LEVEL,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The default of one setting, parsed: what a stage falls back to when it is not given the option. */
export function settingDefault<N extends SettingName>(name: N): Parsed[N] {
  return settingDefinitions[name].schema.parse(settingDefinitions[name].default) as Parsed[N];
}

/** The text of `.env.example`: every setting, its documentation and its default. */
export function renderEnvExample(): string {
  const lines = [
    '# Settings for the article Q&A bot. Copy to .env and change what you need;',
    '# every value below is the default used when the variable is empty or absent.',
    '',
  ];
  for (const [name, definition] of Object.entries(settingDefinitions)) {
    lines.push(`# ${definition.doc}`, `${name}=${definition.default}`, '');
  }
  return lines.join('\n');
}
