import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/setup/unit.ts'],
          // Integration tests open real SQLite files and Postgres connections.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // Each file runs in a fork of its own with its own Chromium, profile, server and SQLite file.
          // `npm run test:e2e` runs two files at a time (--maxWorkers=2: Vitest reads the worker count
          // from the command line or the root config, not a project's): tests await the extension's
          // settled signal instead of sleeping, so a file spends much of its time waiting on the
          // browser, and two of them fill the machine's two cores.
          pool: 'forks',
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
