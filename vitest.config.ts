import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: [
            'model/**/*.test.ts',
            'client/**/*.test.ts',
            'server/**/*.test.ts',
            'sites/**/*.test.ts',
            'components/**/*.test.ts?(x)',
          ],
          // PostgreSQL-only tests (LISTEN/NOTIFY) run in server-pg.
          exclude: [...configDefaults.exclude, 'server/pg-pokes.test.ts'],
          setupFiles: ['fake-indexeddb/auto', 'tests/fake-i18n.ts'],
          environment: 'node',
        },
      },
      {
        // The server's tests again, against PostgreSQL: a throwaway cluster for the run (initdb,
        // pg_ctl), a fresh database per test. Fails, never skips, if PostgreSQL is missing.
        plugins: [WxtVitest()],
        test: {
          name: 'server-pg',
          include: ['server/**/*.test.ts'],
          globalSetup: ['server/testing-pg-setup.ts'],
          env: { SIDENOTE_TEST_DB: 'postgres' },
          environment: 'node',
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
