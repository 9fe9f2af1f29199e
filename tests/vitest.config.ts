import { defineConfig } from 'vitest/config'

// One suite for the whole project. Every test that touches data runs against a real, freshly
// migrated database: PGlite in memory, or a new database on TEST_DATABASE_URL's server when set.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    // CI sets VITEST_JSON_REPORT to a file path to count passed and failed tests.
    reporters: process.env.VITEST_JSON_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
  },
})
