/**
 * A model-independent estimate of how many subword tokens a text costs: about one token per
 * four letters of each word (Arabic words, with their clitics, and long English words cost
 * several), plus one per punctuation mark. It errs high, so a chunk within the budget fits
 * the model's 512-token window with room to spare.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(/[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu)) {
    tokens += /^[\p{L}\p{M}\p{N}]/u.test(match[0]) ? Math.max(1, Math.ceil(match[0].length / 4)) : 1;
  }
  return tokens;
}
