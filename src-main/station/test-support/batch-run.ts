// Test-only: a finished batch run to vary per test, for every test that needs a BatchRun value
// without running a batch (not a *.test.ts, so vitest does not run it).
import type { BatchRun } from '../../../src-shared/domain.ts';

export function finishedRun(p: Partial<BatchRun> = {}): BatchRun {
  return {
    id: 3,
    timestamp: '20251013_020000',
    startedAt: '2025-10-13T00:00:00.000Z',
    finishedAt: '2025-10-13T00:08:15.000Z',
    trigger: 'schedule',
    status: 'completed',
    totalImages: 200,
    successful: 200,
    failed: 0,
    successRate: 100,
    lowConfidence: 10,
    durationSeconds: 495,
    modelSha256: 'ab'.repeat(32),
    errorMessage: null,
    outputs: null,
    ...p,
  };
}
