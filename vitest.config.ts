import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['tests/setup.ts'],
    // one temporary folder per run, removed at its end (tests/global-setup.ts)
    globalSetup: ['tests/global-setup.ts'],
    // one line per skipped test, saying why (the reason is in its titles)
    reporters: ['default', './scripts/skip-reasons-reporter.mjs'],
  },
});
