import type { Article } from '../corpus/types.ts';
import type { ArticleEntry } from './manifest.ts';

/** What a reindex does with one article of the corpus. */
export type ArticleStep =
  /** Same content as indexed: nothing to do. */
  | { kind: 'unchanged'; article: Article; entry: ArticleEntry }
  /** Same content, indexed while the model was unavailable: its chunks are embedded now. */
  | { kind: 'embed'; article: Article; entry: ArticleEntry }
  | { kind: 'added'; article: Article }
  /** New content for an indexed article: the old chunks go, new ones are made. */
  | { kind: 'updated'; article: Article; previous: ArticleEntry };

export interface ReindexPlan {
  /** One step per article of the corpus, in corpus order (the manifest keeps that order). */
  steps: ArticleStep[];
  /** Indexed articles no longer in the corpus. */
  removed: ArticleEntry[];
}

/** Compares the corpus with what the index holds, by content hash; `canEmbed` says whether a model is there. */
export function planReindex(indexed: readonly ArticleEntry[], articles: readonly Article[], canEmbed: boolean): ReindexPlan {
  const previous = new Map(indexed.map((entry) => [entry.id, entry]));
  const current = new Set(articles.map((article) => article.id));
  const steps = articles.map((article): ArticleStep => {
    const entry = previous.get(article.id);
    if (!entry) return { kind: 'added', article };
    if (entry.contentHash !== article.contentHash) return { kind: 'updated', article, previous: entry };
    return { kind: !entry.embedded && canEmbed ? 'embed' : 'unchanged', article, entry };
  });
  return { steps, removed: indexed.filter((entry) => !current.has(entry.id)) };
}

/** The plan in counts and ids, as the reindex summary reports it. */
export function planSummary(plan: ReindexPlan) {
  const idsOf = (kind: ArticleStep['kind']) => plan.steps.filter((step) => step.kind === kind).map((step) => step.article.id);
  return {
    added: idsOf('added'),
    updated: idsOf('updated'),
    removed: plan.removed.map((entry) => entry.id),
    embedded: idsOf('embed'),
    unchanged: idsOf('unchanged').length,
    total: plan.steps.length,
  };
}
