import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real sharp + onnxruntime + SQLite work: give slow CI machines room, and run files one or two
    // at a time (the machine has two cores and each test file may start a classifier).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // No audit sample in tests that are not about it: a confident photo never goes to Review at
    // random (migration 008 stores this seed; '' audits nothing). The audit's own tests store a seed.
    env: { RETURNS_STATION_AUDIT_SEED: '' },
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}', 'e2e/**/*.spec.ts'],
        },
      },
      {
        // Component tests (the electron/fiddle habit): the screens' React components rendered with
        // Testing Library in happy-dom, against a fake StationClient.
        extends: true,
        test: { name: 'rtl', include: ['src-renderer/rtl-spec/**/*.spec.tsx'], environment: 'happy-dom' },
      },
    ],
  },
});
