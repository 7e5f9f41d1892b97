// Ends a batch run that cannot go on as 'failed', with its critical alert, so that no run stays
// "running" after an error. Used inside the batch (any error after the run started) and by the
// station when the batch's thread itself died with the run still open.
import type { BatchRun } from '../../../src-shared/domain.ts';
import { evaluateBatchAlerts } from '../alerts/alert-rules.ts';
import type { StationDb } from '../db/station-db.ts';

export function failRunningRun(
  db: StationDb,
  runId: number | null,
  message: string,
  log: string | null,
): { run: BatchRun; alertIds: number[] } | null {
  return db.transaction(() => {
    const running = db.runs.runningBatchRuns().find((r) => runId === null || r.id === runId);
    if (!running) return null;
    const run = db.runs.finishBatchRun(running.id, {
      status: 'failed',
      totalImages: 0,
      successful: 0,
      failed: 0,
      errorMessage: message,
      outputs: log ? { csv: '', summary: '', report: '', log } : null,
    });
    const alertIds = evaluateBatchAlerts(run).map((a) => db.alerts.insertAlert({ ...a, batchRunId: running.id }).id);
    return { run, alertIds };
  });
}
