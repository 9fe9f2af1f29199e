import { defineConfig } from 'vitest/config'

// `pnpm test:faults`: the slow fault tests (crashes, database outages, overload). Each file starts its
// own throw-away Postgres cluster (helpers/own-postgres.ts) and the real server as a child process,
// and they run one at a time: they measure, and two of them at once would measure each other.
export default defineConfig({
  test: {
    include: ['faults/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: process.env.VITEST_JSON_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
  },
})
