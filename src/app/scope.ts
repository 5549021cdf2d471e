import { generationOf } from '../answer/answerQuestion.ts';
import type { Settings } from '../config/settings.ts';
import type { SearchSource } from '../search/retrieve.ts';
import type { Libraries } from './libraries.ts';
import { SHARED_LIBRARY, type Library, type LibraryId } from './library.ts';

/**
 * Where a question is asked, which decides the libraries it searches: in a Discord server, that
 * server's library and (SHARED_LIBRARY=all) the shared one; in a direct message, the shared one
 * (unless SHARED_LIBRARY=off); on the command line, the shared one, or a server's as that server
 * would (`--library`).
 */
export type Scope = { kind: 'server'; guildId: string } | { kind: 'dm'; userId: string } | { kind: 'local' };

/** The tag of a passage's library in an answer: the asking server's own, or the shared one. */
export type LibraryTag = 'server' | 'shared';

export interface ScopedLibrary {
  tag: LibraryTag;
  library: Library;
}

export const localScope: Scope = { kind: 'local' };

/** The libraries a question in `scope` searches, server's first; a server without a library has none of its own. */
export async function librariesOf(scope: Scope, libraries: Libraries, settings: Settings): Promise<ScopedLibrary[]> {
  const own = scope.kind === 'server' ? await libraries.server(scope.guildId) : undefined;
  const policy = settings.libraries.shared;
  const shared = scope.kind === 'local' || (scope.kind === 'dm' ? policy !== 'off' : policy === 'all');
  return [...(own ? [{ tag: 'server' as const, library: own }] : []), ...(shared ? [{ tag: 'shared' as const, library: libraries.shared }] : [])];
}

/** The library a tag stands for in `scope` (undefined when that scope cannot ask it). */
export async function libraryOfTag(scope: Scope, tag: LibraryTag, libraries: Libraries, settings: Settings): Promise<Library | undefined> {
  return (await librariesOf(scope, libraries, settings)).find((scoped) => scoped.tag === tag)?.library;
}

/** Whose feedback a question in `scope` is: the server's, or the shared library's (DMs, the command line). */
export function feedbackLibrary(scope: Scope): LibraryId {
  return scope.kind === 'server' ? scope.guildId : SHARED_LIBRARY;
}

/** The key a question waits under in the shared queue: a server's burst waits behind itself. */
export function queueKey(scope: Scope): string {
  return scope.kind === 'server' ? `server:${scope.guildId}` : scope.kind === 'dm' ? `dm:${scope.userId}` : 'local';
}

/**
 * Runs `work` on the live snapshots of the libraries, each held open meanwhile (a reindex that
 * publishes in between does not close them under the question); libraries without an index yet
 * are left out.
 */
export function withSnapshots<T>(scoped: readonly ScopedLibrary[], work: (sources: SearchSource[]) => Promise<T>): Promise<T> {
  const hold = (i: number, held: SearchSource[]): Promise<T> =>
    i === scoped.length
      ? work(held)
      : scoped[i]!.library.index.use((snapshot) => hold(i + 1, snapshot ? [...held, { tag: scoped[i]!.tag, snapshot }] : held));
  return hold(0, []);
}

/** The id of the generations a question in this scope would be answered from now (what its buttons are checked against). */
export function liveGeneration(scoped: readonly ScopedLibrary[]): string {
  return generationOf(
    scoped.flatMap(({ tag, library }) => {
      const snapshot = library.index.snapshot;
      return snapshot ? [{ tag, generation: snapshot.generation }] : [];
    }),
  );
}
