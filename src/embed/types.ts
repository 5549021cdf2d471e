import type { Span } from '../chunk/types.ts';
import type { ModelProfile } from './profiles.ts';

export interface PassageInput {
  text: string;
  /** Sentence offsets in `text`; each gets its own vector, pooled from the passage's token vectors. */
  sentences: Span[];
}

export interface PassageEmbedding {
  /** L2-normalized vector of the whole passage. */
  vector: Float32Array;
  /** L2-normalized vector per sentence, or null for a sentence cut off by the model's token limit. */
  sentences: Array<Float32Array | null>;
}

export interface EmbedPassagesOptions {
  /** Called after each model call with the passages embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Turns text into L2-normalized vectors; passed in to every stage that needs one, so tests can give a small one. */
export interface Embedder {
  readonly modelId: string;
  readonly dimension: number;
  /** The prefixes questions and passages get; recorded in the index manifest. */
  readonly profile: ModelProfile;
  embedQuery(text: string): Promise<Float32Array>;
  embedPassages(passages: PassageInput[], options?: EmbedPassagesOptions): Promise<PassageEmbedding[]>;
  dispose(): Promise<void>;
}
