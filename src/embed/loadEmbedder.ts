import { OnnxEmbedder, type DownloadProgress } from './onnxEmbedder.ts';
import { profileFor } from './profiles.ts';
import type { Embedder } from './types.ts';

/** The model to load and how to run it (the settings' `model` group satisfies it). */
export interface EmbedderConfig {
  /** Hugging Face model id (EMBEDDING_MODEL). */
  id: string;
  localDir: string;
  cacheDir: string;
  allowRemote: boolean;
  quantized: boolean;
  /** Explicit prefixes; undefined lets the model profile decide. */
  queryPrefix: string | undefined;
  passagePrefix: string | undefined;
  batchSize: number;
  threads: number;
}

/** The model's whole input window; e5 and MiniLM models read at most 512 tokens. */
const MODEL_MAX_TOKENS = 512;

/** Loads the embedder a configuration describes. */
export function loadEmbedder(model: EmbedderConfig, onProgress?: (progress: DownloadProgress) => void): Promise<Embedder> {
  return OnnxEmbedder.load({
    modelId: model.id,
    localDir: model.localDir,
    cacheDir: model.cacheDir,
    allowRemote: model.allowRemote,
    quantized: model.quantized,
    threads: model.threads,
    batchSize: model.batchSize,
    maxTokens: MODEL_MAX_TOKENS,
    profile: profileFor(model.id, { queryPrefix: model.queryPrefix, passagePrefix: model.passagePrefix }),
    ...(onProgress && { onProgress }),
  });
}
