import { defineConfig } from 'vitest/config';

// Browser tests in Debian's firefox-esr (tests/e2e-firefox): the Firefox build in .output/firefox-mv3, driven by
// puppeteer-core over WebDriver BiDi, against the same local fixture sites as the Chromium tests.
export default defineConfig({
  test: {
    include: ['tests/e2e-firefox/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser at a time: the machine has two cores and the byte records must not interleave.
    fileParallelism: false,
  },
});
