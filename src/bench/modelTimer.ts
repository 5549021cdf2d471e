import ort from 'onnxruntime-node';

let total = 0;
let installed = false;

/**
 * Milliseconds spent inside onnxruntime's InferenceSession.run in this process since the last
 * reset. The benchmark wraps the method once (in its own process only) to tell model time from
 * everything around it, which stays meaningful on a noisy machine where throughput does not.
 */
export const modelTimer = {
  install(): void {
    if (installed) return;
    installed = true;
    // The class is exported as a factory type; its prototype carries run.
    const prototype = (ort.InferenceSession as unknown as { prototype: { run: (...args: unknown[]) => Promise<unknown> } }).prototype;
    const run = prototype.run;
    prototype.run = async function timedRun(this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        return await run.apply(this, args);
      } finally {
        total += performance.now() - started;
      }
    };
  },
  reset(): void {
    total = 0;
  },
  get ms(): number {
    return total;
  },
};
