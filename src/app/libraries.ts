import fs from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../config/settings.ts';
import type { EmbedderConfig } from '../embed/loadEmbedder.ts';
import type { ModelHolder } from '../embed/modelHolder.ts';
import type { FeedbackStore } from '../feedback/feedbackLog.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { Library, SHARED_LIBRARY, isServerLibrary, libraryExists, libraryPaths, type LibraryId } from './library.ts';
import { LiveIndex } from './liveIndex.ts';
import { QuestionQueue } from './questionQueue.ts';
import { Stores } from './stores.ts';

export interface LibrariesOptions {
  settings: Settings;
  models: ModelHolder;
  logger: Logger;
  clock: Clock;
  /** Reindex in child processes with their own copy of this model. */
  worker?: { model: EmbedderConfig } | undefined;
}

/**
 * Every library the bot answers from: the shared one, always open, and one per Discord server,
 * opened on first use and closed when idle (LIBRARY_IDLE_SECONDS) or when MAX_OPEN_LIBRARIES are
 * open. They share the model and one reindex queue that takes libraries in turn, so one server's
 * reindexes never starve another's, and one reindex runs at a time.
 */
export class Libraries {
  readonly shared: Library;
  private readonly open = new Map<LibraryId, Promise<Library>>();
  private readonly feedbackStores = new Map<LibraryId, FeedbackStore>();
  private readonly stores: Stores;
  private readonly reindexes = new QuestionQueue(1);
  private watching = false;

  constructor(private readonly options: LibrariesOptions) {
    this.stores = new Stores(options.settings, options.logger);
    this.shared = this.build(SHARED_LIBRARY);
  }

  /** Opens the shared library, building its index on first start. */
  async start(): Promise<void> {
    await this.shared.index.open();
  }

  /**
   * A server's library, its index open; undefined when the server has none (nothing was ever added
   * to it) unless `create` makes its corpus folder first.
   */
  async server(guildId: string, options: { create?: boolean } = {}): Promise<Library | undefined> {
    if (!isServerLibrary(guildId)) throw new RangeError(`not a Discord server id: ${guildId}`);
    const opened = this.open.get(guildId);
    if (opened) return this.touch(await opened);
    const paths = libraryPaths(guildId, this.options.settings);
    if (!(await libraryExists(paths))) {
      if (!options.create) return undefined;
      await fs.mkdir(paths.corpusDir, { recursive: true });
    }
    // Set before any await, so that questions arriving together open the library once.
    if (!this.open.has(guildId)) {
      this.open.set(
        guildId,
        Promise.resolve()
          .then(() => this.makeRoom(guildId))
          .then(() => this.openLibrary(guildId)),
      );
    }
    return this.touch(await this.open.get(guildId)!);
  }

  /** The shared library, or a server's (undefined when it has none). */
  library(id: LibraryId, options: { create?: boolean } = {}): Promise<Library | undefined> {
    return id === SHARED_LIBRARY ? Promise.resolve(this.touch(this.shared)) : this.server(id, options);
  }

  /** A library's feedback, whether or not it has articles (a server's unanswered questions are its own from the first one). */
  feedback(id: LibraryId): FeedbackStore {
    let feedback = this.feedbackStores.get(id);
    if (!feedback) {
      feedback = this.stores.feedback(id, libraryPaths(id, this.options.settings));
      this.feedbackStores.set(id, feedback);
    }
    return feedback;
  }

  /** Deletes a server's library: its folder (corpus, and the index and feedback files) and, with STORE=postgres, its rows. */
  async remove(id: LibraryId): Promise<void> {
    const paths = libraryPaths(id, this.options.settings);
    await this.closeLibrary(id);
    this.feedbackStores.delete(id);
    await fs.rm(path.dirname(paths.corpusDir), { recursive: true, force: true });
    await this.stores.remove(id);
  }

  /** The servers that have a library, open or not. */
  async serverIds(): Promise<string[]> {
    const entries = await fs.readdir(this.options.settings.libraries.dir, { withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isDirectory() && isServerLibrary(entry.name)).map((entry) => entry.name).sort();
  }

  /** Runs `work` on every open server library. */
  async forEachOpen(work: (library: Library) => unknown): Promise<void> {
    for (const opening of [...this.open.values()]) {
      const library = await opening.catch(() => undefined);
      if (library) work(library);
    }
  }

  /** Server libraries open right now. */
  get openCount(): number {
    return this.open.size;
  }

  /** Reindexes a moment after files change in the shared corpus and in the corpus of every open server library. */
  watch(): void {
    this.watching = true;
    this.shared.index.watch();
    for (const library of this.open.values()) void library.then((opened) => opened.index.watch(), () => undefined);
  }

  /** Closes the server libraries no one used for LIBRARY_IDLE_SECONDS (they reopen on their next question). */
  async closeIdle(): Promise<void> {
    const idleMs = this.options.settings.libraries.idleSeconds * 1000;
    const now = this.options.clock.now();
    for (const [id, opening] of [...this.open]) {
      const library = await opening.catch(() => undefined);
      if (library && !library.index.busy && now - library.lastUsed >= idleMs) await this.closeLibrary(id);
    }
  }

  async close(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.closeLibrary(id);
    await this.shared.index.close();
    await this.stores.close();
  }

  private build(id: LibraryId): Library {
    const { settings, models, logger, worker, clock } = this.options;
    const paths = libraryPaths(id, settings);
    const location = this.stores.location(id, paths);
    const index = new LiveIndex({
      corpusDir: paths.corpusDir,
      store: this.stores.index(location),
      location,
      maxArticleBytes: settings.maxArticleBytes,
      chunk: settings.chunk,
      hnsw: settings.hnsw,
      models,
      logger: id === SHARED_LIBRARY ? logger : childLogger(logger, id),
      ...(worker && { worker }),
      schedule: (work) => this.reindexes.run(work, undefined, id),
    });
    return new Library(id, paths, index, clock.now());
  }

  private async openLibrary(id: LibraryId): Promise<Library> {
    const library = this.build(id);
    try {
      await library.index.open();
    } catch (error) {
      this.open.delete(id);
      await library.index.close();
      throw error;
    }
    if (this.watching) library.index.watch();
    this.options.logger.debug({ library: id, open: this.open.size }, 'server library opened');
    return library;
  }

  /** Over MAX_OPEN_LIBRARIES with `opening` in: the other library unused longest (and not busy) is closed. */
  private async makeRoom(opening: LibraryId): Promise<void> {
    if (this.open.size <= this.options.settings.libraries.maxOpen) return;
    const others = [...this.open].filter(([id]) => id !== opening).map(([, library]) => library.catch(() => undefined));
    const libraries = (await Promise.all(others)).filter((library) => library !== undefined);
    const idlest = libraries.filter((library) => !library.index.busy).sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (idlest) await this.closeLibrary(idlest.id);
  }

  private async closeLibrary(id: LibraryId): Promise<void> {
    const opening = this.open.get(id);
    this.open.delete(id);
    const library = await opening?.catch(() => undefined);
    await library?.index.close();
  }

  private touch(library: Library): Library {
    library.lastUsed = this.options.clock.now();
    return library;
  }
}

/** Log lines of a server library's index say which library. */
function childLogger(logger: Logger, library: LibraryId): Logger {
  const withLibrary = (obj: object | string) => (typeof obj === 'string' ? { library, msg: obj } : { library, ...obj });
  return {
    debug: (obj, msg) => logger.debug(withLibrary(obj), msg),
    info: (obj, msg) => logger.info(withLibrary(obj), msg),
    warn: (obj, msg) => logger.warn(withLibrary(obj), msg),
    error: (obj, msg) => logger.error(withLibrary(obj), msg),
  };
}
