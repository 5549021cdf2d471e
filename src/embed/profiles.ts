/** How a model family expects to be used: the prefixes it was trained with. */
export interface ModelProfile {
  queryPrefix: string;
  passagePrefix: string;
}

const knownProfiles: Array<{ pattern: RegExp; profile: ModelProfile }> = [
  // The e5 family was trained with these prefixes; without them its retrieval quality drops.
  { pattern: /(^|\/)(multilingual-)?e5-/iu, profile: { queryPrefix: 'query: ', passagePrefix: 'passage: ' } },
];

const noPrefixes: ModelProfile = { queryPrefix: '', passagePrefix: '' };

/** The profile of a model id, with explicit prefixes (settings) taking precedence. */
export function profileFor(modelId: string, overrides: Partial<Record<keyof ModelProfile, string | undefined>> = {}): ModelProfile {
  const known = knownProfiles.find(({ pattern }) => pattern.test(modelId))?.profile ?? noPrefixes;
  return {
    queryPrefix: overrides.queryPrefix ?? known.queryPrefix,
    passagePrefix: overrides.passagePrefix ?? known.passagePrefix,
  };
}
