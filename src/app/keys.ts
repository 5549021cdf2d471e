import { createHash } from 'node:crypto';

/**
 * 8 hex digits standing for a longer value (an index generation, an article id): small enough for
 * a transport's callback data (a Discord button's custom id holds 100 characters), and a match is
 * checked against the live values, never trusted to name one.
 */
export function shortKey(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

export { hashUserId } from '../feedback/hashUserId.ts';
