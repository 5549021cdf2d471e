import type { ShownChunk } from '../app/feedback.ts';
import type { LibraryTag } from '../app/scope.ts';
import { discordLimits } from './render/limits.ts';

/**
 * What a button does, encoded entirely in its custom id so buttons keep working after a restart:
 * no state is kept between the answer and the click. The question itself is read back from the
 * message the button is on. A library is named by its tag in the answer ('server' or 'shared'),
 * never by a server id: which server's library 'server' is comes from where the button is clicked,
 * so a forged id cannot point into another server's library.
 */
export type ButtonAction =
  /** The next page of passages, from rank `offset`. */
  | { kind: 'more'; generation: string; offset: number }
  /** One paragraph of an article in full; the generation and the article by their short keys (app/keys.ts). */
  | { kind: 'paragraph'; generation: string; library: LibraryTag; article: string; paragraph: number }
  /** 👍 or 👎 on the answer page starting at `offset`; `labels` are the chunks it showed. */
  | { kind: 'vote'; vote: 'up' | 'down'; generation: string; offset: number; labels: ShownChunk[] }
  /** A page of the /articles list. */
  | { kind: 'articles'; page: number };

// Bumped when the layout changes: a button of an older layout is answered with a polite note.
const PREFIX = 'qa2';
const SEPARATOR = ':';
const HASH = /^[0-9a-f]{8}$/u;
const NUMBER = /^\d{1,9}$/u;
/** Ranks past this are never shown (each question has a few dozen candidates): a larger offset is forged. */
const MAX_OFFSET = 1000;
const TAG_LETTERS: Record<LibraryTag, string> = { server: 'g', shared: 's' };
const tagOf = (letter: string | undefined): LibraryTag | undefined => (letter === 'g' ? 'server' : letter === 's' ? 'shared' : undefined);

export function encodeButtonAction(action: ButtonAction): string {
  const parts: Array<string | number> = [PREFIX];
  switch (action.kind) {
    case 'more':
      parts.push('more', action.generation, action.offset);
      break;
    case 'paragraph':
      parts.push('para', action.generation, TAG_LETTERS[action.library], action.article, action.paragraph);
      break;
    case 'vote': {
      parts.push(action.vote, action.generation, action.offset);
      // Labels only serve the feedback log; those that do not fit the limit are left out.
      let id = `${parts.join(SEPARATOR)}${SEPARATOR}`;
      for (const [i, { library, label }] of action.labels.entries()) {
        const next = `${i === 0 ? '' : '.'}${TAG_LETTERS[library]}${label}`;
        if (id.length + next.length > discordLimits.customId) break;
        id += next;
      }
      return id;
    }
    case 'articles':
      parts.push('list', action.page);
      break;
  }
  return parts.join(SEPARATOR);
}

function integer(value: string | undefined, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const number = value !== undefined && NUMBER.test(value) ? Number(value) : undefined;
  return number !== undefined && number >= min && number <= max ? number : undefined;
}

function hash(value: string | undefined): string | undefined {
  return value !== undefined && HASH.test(value) ? value : undefined;
}

function shownChunk(text: string): ShownChunk | undefined {
  const library = tagOf(text[0]);
  const label = integer(text.slice(1));
  return library && label !== undefined ? { library, label } : undefined;
}

/** The action behind a custom id, or undefined for an id this version did not make (every field checked). */
export function decodeButtonAction(customId: string): ButtonAction | undefined {
  const [prefix, kind, ...rest] = customId.split(SEPARATOR);
  if (prefix !== PREFIX) return undefined;
  switch (kind) {
    case 'more': {
      const [generation, offset] = [hash(rest[0]), integer(rest[1], 0, MAX_OFFSET)];
      return rest.length === 2 && generation && offset !== undefined ? { kind: 'more', generation, offset } : undefined;
    }
    case 'para': {
      const [generation, library, article, paragraph] = [hash(rest[0]), tagOf(rest[1]), hash(rest[2]), integer(rest[3], 1)];
      return rest.length === 4 && generation && library && article && paragraph !== undefined
        ? { kind: 'paragraph', generation, library, article, paragraph }
        : undefined;
    }
    case 'up':
    case 'down': {
      const [generation, offset] = [hash(rest[0]), integer(rest[1], 0, MAX_OFFSET)];
      const labels = rest[2] ? rest[2].split('.').map(shownChunk) : [];
      if (rest.length !== 3 || !generation || offset === undefined || labels.some((label) => label === undefined)) return undefined;
      return { kind: 'vote', vote: kind, generation, offset, labels: labels as ShownChunk[] };
    }
    case 'list': {
      const page = integer(rest[0], 0, MAX_OFFSET);
      return rest.length === 1 && page !== undefined ? { kind: 'articles', page } : undefined;
    }
    default:
      return undefined;
  }
}
