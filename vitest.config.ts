import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Test files share a worker's module cache: importing discord.js, Transformers.js and the
    // rest once per worker instead of once per file saves most of the suite's CPU time (tests
    // keep no module-level state between files; each builds its own app, folders and servers).
    isolate: false,
    // Many tests wait on child processes and sockets, so two workers help even on two cores
    // (vitest's default there is one).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
