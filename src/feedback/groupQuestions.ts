import { normalizeForMatching } from '../text/normalize.ts';
import { toSearchTerms } from '../text/terms.ts';

export interface GroupableQuestion {
  question: string;
  kind: 'not-found' | 'down';
  at: string;
}

export interface QuestionGroup {
  /** The wording asked most often in the group (the earliest one on a tie). */
  question: string;
  /** Every distinct wording, most frequent first. */
  variants: string[];
  count: number;
  notFound: number;
  down: number;
  /** ISO time of the latest question of the group. */
  lastAt: string;
}

export interface GroupOptions {
  /** Share of search terms two questions must have in common (Jaccard index) to be grouped. */
  minOverlap: number;
}

export const defaultGroupOptions: GroupOptions = { minOverlap: 0.5 };

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

interface Building {
  terms: Set<string>;
  key: string;
  items: GroupableQuestion[];
}

/**
 * Groups questions that ask the same thing in other words: their search terms (normalized,
 * stemmed, without stop words) overlap by at least `minOverlap`. Each question joins the group
 * whose first question it overlaps most, so groups do not drift by chaining. Questions without any
 * search term are grouped by their normalized text. Largest groups first.
 */
export function groupQuestions(questions: GroupableQuestion[], options: Partial<GroupOptions> = {}): QuestionGroup[] {
  const { minOverlap } = { ...defaultGroupOptions, ...options };
  if (!(minOverlap > 0 && minOverlap <= 1)) throw new RangeError('minOverlap must be in (0, 1]');
  const groups: Building[] = [];
  for (const item of [...questions].sort((a, b) => a.at.localeCompare(b.at))) {
    const terms = new Set(toSearchTerms(item.question));
    const key = normalizeForMatching(item.question).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    let best: Building | undefined;
    let bestScore = 0;
    for (const group of groups) {
      const score = terms.size === 0 || group.terms.size === 0 ? Number(group.key === key) : overlap(terms, group.terms);
      if (score >= minOverlap && score > bestScore) [best, bestScore] = [group, score];
    }
    if (best) best.items.push(item);
    else groups.push({ terms, key, items: [item] });
  }
  return groups
    .map((group): QuestionGroup => {
      const counts = new Map<string, number>();
      for (const item of group.items) counts.set(item.question, (counts.get(item.question) ?? 0) + 1);
      const variants = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([question]) => question);
      return {
        question: variants[0]!,
        variants,
        count: group.items.length,
        notFound: group.items.filter((item) => item.kind === 'not-found').length,
        down: group.items.filter((item) => item.kind === 'down').length,
        lastAt: group.items.at(-1)!.at,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}
