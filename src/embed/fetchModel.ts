import path from 'node:path';
import { env } from '@xenova/transformers';
import { getModelFile } from '@xenova/transformers/src/utils/hub.js';
import { ModelLoadError, errorMessage } from '../errors.ts';
import type { DownloadProgress } from './onnxEmbedder.ts';

/** The files the embedder reads: tokenizer, config and the ONNX weights. */
export function modelFiles(quantized: boolean): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${quantized ? '_quantized' : ''}.onnx`];
}

/**
 * Downloads a model from the Hugging Face hub into <localDir>/<modelId>/, the layout the embedder
 * looks in first, so a host without internet access can run on a copied folder.
 */
export async function fetchModel(
  modelId: string,
  localDir: string,
  quantized: boolean,
  onProgress?: (progress: DownloadProgress) => void,
): Promise<string> {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.useFSCache = true;
  // Transformers.js's file cache has the same layout as a local model folder, so it can write there directly.
  env.cacheDir = localDir;
  for (const file of modelFiles(quantized)) {
    try {
      await getModelFile(modelId, file, true, {
        quantized,
        progress_callback: (event: { status: string; file?: string; loaded?: number; total?: number }) => {
          if (event.status === 'progress' && onProgress) onProgress({ file: event.file ?? file, loaded: event.loaded ?? 0, total: event.total ?? 0 });
        },
      });
    } catch (error) {
      throw new ModelLoadError(
        `Could not download ${file} of the model "${modelId}" (EMBEDDING_MODEL) from the Hugging Face hub: ${errorMessage(error)}. ` +
          'Check the network connection and the model id.',
        { cause: error },
      );
    }
  }
  return path.join(localDir, modelId);
}
