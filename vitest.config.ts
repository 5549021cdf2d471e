import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Test files share a worker's module cache: importing discord.js, Transformers.js and the
    // rest once per worker instead of once per file saves most of the suite's CPU time (tests
    // keep no module-level state between files; each builds its own app, folders and servers).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
