import { discordLimits } from './render/limits.ts';

/**
 * What a button does, encoded entirely in its custom id so buttons keep working after a restart:
 * no state is kept between the answer and the click. The question itself is read back from the
 * message the button is on.
 */
export type ButtonAction =
  /** The next page of passages, from rank `offset`. */
  | { kind: 'more'; generation: string; offset: number }
  /** One paragraph of an article in full; the generation and the article by their short keys (app/keys.ts). */
  | { kind: 'paragraph'; generation: string; article: string; paragraph: number }
  /** 👍 or 👎 on the answer page starting at `offset`; `labels` are the chunk labels it showed. */
  | { kind: 'vote'; vote: 'up' | 'down'; generation: string; offset: number; labels: number[] }
  /** A page of the /articles list. */
  | { kind: 'articles'; page: number };

// Bumped when the layout changes: a button of an older layout is answered with a polite note.
const PREFIX = 'qa1';
const SEPARATOR = ':';
const HASH = /^[0-9a-f]{8}$/u;
const NUMBER = /^\d{1,9}$/u;
/** Ranks past this are never shown (each question has a few dozen candidates): a larger offset is forged. */
const MAX_OFFSET = 1000;

export function encodeButtonAction(action: ButtonAction): string {
  const parts: Array<string | number> = [PREFIX];
  switch (action.kind) {
    case 'more':
      parts.push('more', action.generation, action.offset);
      break;
    case 'paragraph':
      parts.push('para', action.generation, action.article, action.paragraph);
      break;
    case 'vote': {
      parts.push(action.vote, action.generation, action.offset);
      // Labels only serve the feedback log; those that do not fit the limit are left out.
      let id = `${parts.join(SEPARATOR)}${SEPARATOR}`;
      const kept: number[] = [];
      for (const label of action.labels) {
        const next = kept.length === 0 ? `${label}` : `.${label}`;
        if (id.length + next.length > discordLimits.customId) break;
        id += next;
        kept.push(label);
      }
      return id;
    }
    case 'articles':
      parts.push('list', action.page);
      break;
  }
  return parts.join(SEPARATOR);
}

/** The action behind a custom id, or undefined for an id this version did not make. */
export function decodeButtonAction(customId: string): ButtonAction | undefined {
  const [prefix, kind, ...rest] = customId.split(SEPARATOR);
  if (prefix !== PREFIX) return undefined;
  const int = (value: string | undefined, min = 0, max = Number.MAX_SAFE_INTEGER) => {
    const number = value !== undefined && NUMBER.test(value) ? Number(value) : undefined;
    return number !== undefined && number >= min && number <= max ? number : undefined;
  };
  const hash = (value: string | undefined) => (value !== undefined && HASH.test(value) ? value : undefined);
  switch (kind) {
    case 'more': {
      const [generation, offset] = [hash(rest[0]), int(rest[1], 0, MAX_OFFSET)];
      return rest.length === 2 && generation && offset !== undefined ? { kind: 'more', generation, offset } : undefined;
    }
    case 'para': {
      const [generation, article, paragraph] = [hash(rest[0]), hash(rest[1]), int(rest[2], 1)];
      return rest.length === 3 && generation && article && paragraph !== undefined ? { kind: 'paragraph', generation, article, paragraph } : undefined;
    }
    case 'up':
    case 'down': {
      const [generation, offset] = [hash(rest[0]), int(rest[1], 0, MAX_OFFSET)];
      const labels = rest[2] ? rest[2].split('.').map((label) => int(label)) : [];
      if (rest.length !== 3 || !generation || offset === undefined || labels.some((label) => label === undefined)) return undefined;
      return { kind: 'vote', vote: kind, generation, offset, labels: labels as number[] };
    }
    case 'list': {
      const page = int(rest[0]);
      return rest.length === 1 && page !== undefined ? { kind: 'articles', page } : undefined;
    }
    default:
      return undefined;
  }
}
