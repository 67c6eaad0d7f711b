import { defineConfig } from 'vitest/config';

// Browser tests: the built extension in Debian's Chromium, against local fixture sites on loopback.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts', 'server/test/**/*.browser.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A page's answer goes through the extension's worker, which may be starting or busy with a finished page on a
    // loaded CI machine: polls wait up to 10 s by default (vitest's 1 s lost that race once).
    expect: { poll: { timeout: 10_000 } },
    // One browser at a time: the machine has two cores and the byte records must not interleave.
    fileParallelism: false,
  },
});
