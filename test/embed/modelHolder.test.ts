import { describe, expect, it } from 'vitest';
import { ModelHolder } from '../../src/embed/modelHolder.ts';
import type { Embedder } from '../../src/embed/types.ts';
import type { Logger } from '../../src/util/logger.ts';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (obj: object | string, msg?: string) => lines.push(`${level}: ${msg ?? String(obj)}`);
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

const fakeEmbedder = { modelId: 'fake', dimension: 2 } as Embedder;

describe('ModelHolder', () => {
  it('answers without a model when loading fails, says so once, and retries after the retry time', async () => {
    let now = 0;
    let attempts = 0;
    let recovered: Embedder | undefined;
    const logger = recordingLogger();
    const holder = new ModelHolder(
      async () => {
        attempts += 1;
        if (attempts < 2) throw new Error('offline');
        return fakeEmbedder;
      },
      { retryMs: 1000, clock: { now: () => now }, logger, onRecovered: (embedder) => (recovered = embedder) },
    );

    await expect(holder.ensure()).resolves.toBeUndefined();
    expect(holder.unavailableReason).toBe('offline');
    expect(holder.current()).toBeUndefined();
    expect(attempts).toBe(1);

    now = 999;
    expect(holder.current()).toBeUndefined();
    expect(attempts).toBe(1);

    now = 1000;
    // The retry starts in the background: this question is still answered without the model.
    expect(holder.current()).toBeUndefined();
    await holder.ensure();
    expect(attempts).toBe(2);
    expect(holder.current()).toBe(fakeEmbedder);
    expect(holder.unavailableReason).toBeUndefined();
    expect(recovered).toBe(fakeEmbedder);
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(1);
  });

  it('loads only once when asked several times at once', async () => {
    let attempts = 0;
    const holder = new ModelHolder(
      async () => {
        attempts += 1;
        return fakeEmbedder;
      },
      { retryMs: 1000, clock: { now: () => 0 }, logger: recordingLogger() },
    );
    const results = await Promise.all([holder.ensure(), holder.ensure(), holder.ensure()]);
    expect(results).toEqual([fakeEmbedder, fakeEmbedder, fakeEmbedder]);
    expect(attempts).toBe(1);
  });
});
