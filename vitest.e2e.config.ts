import { defineConfig } from 'vitest/config';

// Browser tests: the built extension in Debian's Chromium, against local fixture sites on loopback.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts', 'server/test/**/*.browser.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser at a time: the machine has two cores and the byte records must not interleave.
    fileParallelism: false,
  },
});
