/** How a model family expects to be used: the prefixes it was trained with. */
export interface ModelProfile {
  queryPrefix: string;
  passagePrefix: string;
  /**
   * Cosine similarity from which a passage counts as relevant to a question. Models differ: e5's
   * low training temperature puts even unrelated pairs near 0.7, so its bar is high.
   */
  minSimilarity: number;
}

const knownProfiles: Array<{ pattern: RegExp; profile: ModelProfile }> = [
  // The e5 family was trained with these prefixes; without them its retrieval quality drops.
  { pattern: /(^|\/)(multilingual-)?e5-/iu, profile: { queryPrefix: 'query: ', passagePrefix: 'passage: ', minSimilarity: 0.82 } },
];

const noPrefixes: ModelProfile = { queryPrefix: '', passagePrefix: '', minSimilarity: 0.5 };

/** The profile of a model id, with explicit prefixes (settings) taking precedence. */
export function profileFor(
  modelId: string,
  overrides: { queryPrefix?: string | undefined; passagePrefix?: string | undefined; minSimilarity?: number | undefined } = {},
): ModelProfile {
  const known = knownProfiles.find(({ pattern }) => pattern.test(modelId))?.profile ?? noPrefixes;
  return {
    queryPrefix: overrides.queryPrefix ?? known.queryPrefix,
    passagePrefix: overrides.passagePrefix ?? known.passagePrefix,
    minSimilarity: overrides.minSimilarity ?? known.minSimilarity,
  };
}
