import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}', 'e2e/**/*.spec.ts'],
    // Real sharp + onnxruntime + SQLite work: give slow CI machines room, and run files one or two
    // at a time (the machine has two cores and each test file may start a classifier).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
