import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Suites that share one PostgreSQL database must not run at the same time.
    fileParallelism: !process.env.DATABASE_URL?.startsWith('postgres'),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
