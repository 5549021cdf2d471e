import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '@xenova/transformers';
import { loadEmbedder } from '../../src/embed/loadEmbedder.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { ModelLoadError } from '../../src/errors.ts';
import { tempDir } from '../support/corpusFiles.ts';
import { TEST_MODEL_ID, testModelRoot, testSettings } from '../support/testApp.ts';

env.allowRemoteModels = false;

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

const errorText = (error: unknown): string => (error instanceof ModelLoadError ? error.message : `not a ModelLoadError: ${String(error)}`);

function norm(a: Float32Array): number {
  return Math.sqrt(cosine(a, a));
}

const kursk = 'وأكدت الولايات المتحدة أن أكثر من 10 آلاف جندي كوري شمالي تم نشرهم في روسيا، وخاصة في منطقة كورسك.';
const soap = 'بما في ذلك الواردات الروسية من المنتجات الكورية الشمالية مثل الملابس والصابون والبيرة.';

describe('OnnxEmbedder with the bilingual test model', () => {
  let root: string;
  let embedder: Embedder;

  beforeAll(async () => {
    root = await tempDir('embed');
    embedder = await loadEmbedder((await testSettings(root)).model);
  });
  afterAll(async () => {
    await embedder.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('reads the dimension from the model config and returns unit vectors', async () => {
    expect(embedder.dimension).toBe(64);
    const vector = await embedder.embedQuery('Where is Kursk?');
    expect(vector).toHaveLength(64);
    expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it('puts an English question near the Arabic passage that answers it', async () => {
    const question = await embedder.embedQuery('How many soldiers were sent to Kursk?');
    const [answer, unrelated] = await embedder.embedPassages([
      { text: kursk, sentences: [{ start: 0, end: kursk.length }] },
      { text: soap, sentences: [{ start: 0, end: soap.length }] },
    ]);
    expect(cosine(question, answer!.vector)).toBeGreaterThan(cosine(question, unrelated!.vector) + 0.2);
  });

  it('gives each sentence of a passage its own vector, closest to the sentence that matches', async () => {
    const text = `${soap} ${kursk}`;
    const [embedding] = await embedder.embedPassages([
      { text, sentences: [{ start: 0, end: soap.length }, { start: soap.length + 1, end: text.length }] },
    ]);
    expect(embedding!.sentences).toHaveLength(2);
    const question = await embedder.embedQuery('soldiers in Kursk');
    const [first, second] = embedding!.sentences.map((vector) => cosine(question, vector!));
    expect(second).toBeGreaterThan(first!);
    expect(norm(embedding!.sentences[0]!)).toBeCloseTo(1, 5);
  });

  it('gives a passage the same vector alone and in a padded batch', async () => {
    const [alone] = await embedder.embedPassages([{ text: kursk, sentences: [] }]);
    const batch = await embedder.embedPassages([
      { text: `${soap} ${soap} ${soap}`, sentences: [] },
      { text: kursk, sentences: [] },
    ]);
    expect(cosine(alone!.vector, batch[1]!.vector)).toBeCloseTo(1, 5);
  });

  it('truncates inputs longer than the model window instead of failing', async () => {
    const long = 'كورسك '.repeat(10_000);
    await expect(embedder.embedQuery(long)).resolves.toHaveLength(64);
    const [embedding] = await embedder.embedPassages([{ text: long, sentences: [{ start: 0, end: 30_000 }, { start: 30_001, end: long.length }] }]);
    expect(embedding!.sentences[0]).not.toBeNull();
    // The second sentence starts beyond the 512-token window, so it has no vector of its own.
    expect(embedding!.sentences[1]).toBeNull();
  });

  it('rejects empty text before calling the model', async () => {
    await expect(embedder.embedQuery('   ')).rejects.toThrow('Cannot embed an empty question');
    await expect(embedder.embedPassages([{ text: '', sentences: [] }])).rejects.toThrow('Cannot embed an empty passage (number 1 of the batch)');
  });
});

describe('where the model comes from', () => {
  it('loads a finished download from the cache with downloads off, reporting no download', async () => {
    const root = await tempDir('cached-model');
    await fs.cp(path.join(await testModelRoot(), TEST_MODEL_ID), path.join(root, 'cache', TEST_MODEL_ID), { recursive: true });
    const settings = await testSettings(root, { MODEL_DIR: path.join(root, 'models'), MODEL_CACHE_DIR: path.join(root, 'cache') });
    const progress: string[] = [];
    const embedder = await loadEmbedder(settings.model, (event) => progress.push(event.file));
    expect(embedder.dimension).toBe(64);
    expect(progress).toEqual([]);
    await embedder.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('shows no download progress for a model read from MODEL_DIR', async () => {
    const root = await tempDir('local-model');
    const settings = await testSettings(root);
    const progress: string[] = [];
    const embedder = await loadEmbedder(settings.model, (event) => progress.push(event.file));
    expect(progress).toEqual([]);
    await embedder.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });
});

describe('loading a model that is not there', () => {
  it('names the model, the folders searched and the settings to change', async () => {
    const root = await tempDir('no-model');
    const settings = await testSettings(root, { EMBEDDING_MODEL: 'nobody/missing-model', MODEL_DIR: path.join(root, 'models') });
    const error = await loadEmbedder(settings.model).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelLoadError);
    const message = (error as Error).message;
    expect(message).toContain('The embedding model "nobody/missing-model" (EMBEDDING_MODEL) could not be loaded');
    expect(message).toContain(`${path.join(root, 'models', 'nobody/missing-model')} (MODEL_DIR)`);
    expect(message).toContain('downloads are off (ALLOW_REMOTE_MODELS=false)');
    expect(message).toContain('npm run model:fetch');
    expect(message).toBe(
      `The embedding model "nobody/missing-model" (EMBEDDING_MODEL) could not be loaded: it is not in ${path.join(root, 'models', 'nobody/missing-model')} (MODEL_DIR) ` +
        `or ${path.join(root, 'model-cache', 'nobody/missing-model')} (MODEL_CACHE_DIR), and downloads are off (ALLOW_REMOTE_MODELS=false). ` +
        `Fix: set ALLOW_REMOTE_MODELS=true, or run \`npm run model:fetch\` on a machine with internet access and copy its ${path.join(root, 'models')} folder to ${path.join(root, 'models')} here (MODEL_DIR).`,
    );
    expect(message).not.toContain('env.');
    await fs.rm(root, { recursive: true, force: true });
  });

  it('does not advise turning downloads on when they are on and the download failed', async () => {
    const root = await tempDir('no-network');
    // A hub address nothing listens on: the download fails at once, as without a network.
    const remoteHost = env.remoteHost;
    env.remoteHost = 'http://127.0.0.1:9/';
    try {
      const settings = await testSettings(root, { EMBEDDING_MODEL: 'nobody/missing-model', MODEL_DIR: path.join(root, 'models'), ALLOW_REMOTE_MODELS: 'true' });
      const message = errorText(await loadEmbedder(settings.model).catch((caught: unknown) => caught));
      expect(message).toContain('downloading it from the Hugging Face hub failed');
      expect(message).toContain('Fix: check the network and the model id, or run `npm run model:fetch`');
      expect(message).not.toContain('ALLOW_REMOTE_MODELS=true');
    } finally {
      env.remoteHost = remoteHost;
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('says the weights are unusable when the ONNX file is damaged', async () => {
    const root = await tempDir('broken-model');
    const copy = path.join(root, 'models', TEST_MODEL_ID);
    await fs.cp(path.join(await testModelRoot(), TEST_MODEL_ID), copy, { recursive: true });
    await fs.writeFile(path.join(copy, 'onnx', 'model_quantized.onnx'), 'not a model');
    const settings = await testSettings(root, { MODEL_DIR: path.join(root, 'models') });
    await expect(loadEmbedder(settings.model)).rejects.toThrow(
      `the weights in ${path.join(copy, 'onnx', 'model_quantized.onnx')} are not a usable ONNX model`,
    );
    await fs.rm(root, { recursive: true, force: true });
  });
});
