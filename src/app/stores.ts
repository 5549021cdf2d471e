import type { Settings } from '../config/settings.ts';
import { FeedbackLog, type FeedbackStore } from '../feedback/feedbackLog.ts';
import { PostgresFeedback } from '../feedback/postgresFeedback.ts';
import { LocalStore } from '../index/localStore.ts';
import { createPostgresStores, type PostgresStores } from '../index/postgres/index.ts';
import type { IndexStore } from '../index/store.ts';
import type { Logger } from '../util/logger.ts';

/** A library's id ('shared' or a Discord server's) and its files' folders (library.ts). */
type LibraryId = string;
type LibraryFiles = { indexDir: string; feedbackFile: string };

/** Where a library's index lives, as plain data (it crosses to the reindex child process). */
export type StoreLocation =
  | { kind: 'local'; indexDir: string; efSearch: number }
  | { kind: 'postgres'; databaseUrl: string; library: LibraryId; efSearch: number };

/** A store that connects to its database on first use (a library is built before the bot connects). */
function connectingStore(store: () => Promise<IndexStore & Required<Pick<IndexStore, 'liveGeneration'>>>): IndexStore {
  return {
    open: async (options) => (await store()).open(options),
    reindex: async (request) => (await store()).reindex(request),
    liveGeneration: async () => (await store()).liveGeneration(),
  };
}

/**
 * The stores of one bot process: each library's index and feedback as files under its folder
 * (STORE=local), or as rows of the database at DATABASE_URL (STORE=postgres) that every bot
 * process shares, connected and migrated on first use (the shared library's, at start).
 */
export class Stores {
  private database: Promise<PostgresStores> | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {}

  location(id: LibraryId, paths: LibraryFiles): StoreLocation {
    const { store, hnsw } = this.settings;
    if (store.kind === 'postgres') return { kind: 'postgres', databaseUrl: store.databaseUrl, library: id, efSearch: hnsw.efSearch };
    return { kind: 'local', indexDir: paths.indexDir, efSearch: hnsw.efSearch };
  }

  index(location: StoreLocation): IndexStore {
    if (location.kind === 'local') return new LocalStore(location.indexDir, { efSearch: location.efSearch });
    return connectingStore(async () => (await this.connect()).store(location.library));
  }

  feedback(id: LibraryId, paths: LibraryFiles): FeedbackStore {
    if (this.settings.store.kind === 'local') return new FeedbackLog(paths.feedbackFile);
    const feedback = async () => new PostgresFeedback((await this.connect()).pool, id);
    return { append: async (record) => (await feedback()).append(record), read: async () => (await feedback()).read() };
  }

  /** Deletes a library's rows from the database (its files are the caller's). */
  async remove(id: LibraryId): Promise<void> {
    if (this.settings.store.kind === 'postgres') await (await this.connect()).removeLibrary(id);
  }

  async close(): Promise<void> {
    const database = this.database;
    this.database = undefined;
    await (await database?.catch(() => undefined))?.close();
  }

  /** The database, connected once; a connection that failed is tried again by the next use. */
  private connect(): Promise<PostgresStores> {
    const { store, hnsw } = this.settings;
    if (store.kind !== 'postgres') throw new Error('STORE=local has no database');
    if (!this.database) {
      const connecting = createPostgresStores(store.databaseUrl, { efSearch: hnsw.efSearch, logger: this.logger });
      this.database = connecting;
      connecting.catch(() => {
        if (this.database === connecting) this.database = undefined;
      });
    }
    return this.database;
  }
}

/** Runs `work` on the store at a location from a process of its own (the reindex child): a database is connected for it and let go after. */
export async function withStoreAt<T>(location: StoreLocation, logger: Logger, work: (store: IndexStore) => Promise<T>): Promise<T> {
  if (location.kind === 'local') return work(new LocalStore(location.indexDir, { efSearch: location.efSearch }));
  const database = await createPostgresStores(location.databaseUrl, { efSearch: location.efSearch, poolMax: 2, logger });
  try {
    return await work(database.store(location.library));
  } finally {
    await database.close();
  }
}
