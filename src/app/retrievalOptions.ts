import type { Settings } from '../config/settings.ts';
import { profileFor } from '../embed/profiles.ts';
import { defaultRetrievalOptions, type RetrievalOptions } from '../search/retrieve.ts';

/** The retrieval options the bot runs with for these settings. */
export function retrievalOptionsFrom(settings: Settings): RetrievalOptions {
  return {
    ...defaultRetrievalOptions,
    topK: settings.search.topK,
    denseWeight: settings.search.denseWeight,
    lexicalWeight: settings.search.lexicalWeight,
    rrfK: settings.search.rrfK,
    minCoverage: settings.search.minCoverage,
    minSimilarity: settings.search.minSimilarity ?? profileFor(settings.model.id).minSimilarity,
  };
}
