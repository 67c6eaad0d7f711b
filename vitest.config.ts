import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

// Unit tests: pure logic and components, no network, no real browser.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'server/test/**/*.test.ts'],
    // The collector's pages in Chromium run with the browser tests (vitest.e2e.config.ts).
    exclude: ['server/test/**/*.browser.test.ts', '**/node_modules/**'],
    environment: 'node',
  },
});
