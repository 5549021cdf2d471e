import fs from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../config/settings.ts';
import { UserFacingError } from '../errors.ts';
import type { LiveIndex } from './liveIndex.ts';

/** The shared library's id: the bundled corpus every server and DMs may ask. */
export const SHARED_LIBRARY = 'shared';

/** 'shared', or the id of the Discord server whose library it is. */
export type LibraryId = string;

const SNOWFLAKE = /^\d{15,22}$/u;

/** A library id as it arrives from outside (a command-line argument): a Discord server id, which becomes a folder name. */
export function parseLibraryId(text: string): LibraryId {
  if (text === SHARED_LIBRARY || SNOWFLAKE.test(text)) return text;
  throw new UserFacingError(`"${text.slice(0, 40)}" is not a library: give a Discord server id (15 to 22 digits) or "${SHARED_LIBRARY}".`);
}

export function isServerLibrary(id: LibraryId): boolean {
  return SNOWFLAKE.test(id);
}

export interface LibraryPaths {
  corpusDir: string;
  indexDir: string;
  feedbackFile: string;
}

/**
 * Where a library's files are: the shared one where they always were (CORPUS_DIR, DATA_DIR/index,
 * DATA_DIR/feedback.jsonl), a server's under DATA_DIR/libraries/<server id>/. The id is checked
 * again here: it becomes a path.
 */
export function libraryPaths(id: LibraryId, settings: Settings): LibraryPaths {
  if (id === SHARED_LIBRARY) return { corpusDir: settings.corpusDir, indexDir: settings.indexDir, feedbackFile: settings.feedbackFile };
  const root = path.join(settings.libraries.dir, parseLibraryId(id));
  return { corpusDir: path.join(root, 'corpus'), indexDir: path.join(root, 'index'), feedbackFile: path.join(root, 'feedback.jsonl') };
}

/** Whether a server has a library: its corpus folder exists (created by the first article its admins add, or by an operator). */
export async function libraryExists(paths: LibraryPaths): Promise<boolean> {
  return fs.stat(paths.corpusDir).then(
    (stat) => stat.isDirectory(),
    () => false,
  );
}

/** A corpus folder and its live index. */
export class Library {
  /** When a question or a command last used it (the idle check closes the ones unused longest). */
  lastUsed: number;

  constructor(
    readonly id: LibraryId,
    readonly paths: LibraryPaths,
    readonly index: LiveIndex,
    now: number,
  ) {
    this.lastUsed = now;
  }
}
