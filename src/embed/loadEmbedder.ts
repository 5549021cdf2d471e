import type { Settings } from '../config/settings.ts';
import { OnnxEmbedder, type DownloadProgress } from './onnxEmbedder.ts';
import { profileFor } from './profiles.ts';
import type { Embedder } from './types.ts';

/** The model's whole input window; e5 and MiniLM models read at most 512 tokens. */
const MODEL_MAX_TOKENS = 512;

/** Loads the embedder the settings describe. */
export function loadEmbedder(model: Settings['model'], onProgress?: (progress: DownloadProgress) => void): Promise<Embedder> {
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
