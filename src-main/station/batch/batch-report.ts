// The end of a run: results rebuilt from the database (so a resumed run reports every photo once),
// the figures of report-stats.ts, the report files, the run closed with its alerts in one commit,
// and a database backup.
import type { BatchRun } from '../../../src-shared/domain.ts';
import { evaluateBatchAlerts } from '../alerts/alert-rules.ts';
import { backupDatabase } from '../db/backup.ts';
import { computeStats } from '../reports/report-stats.ts';
import { writeBatchOutputs } from '../reports/write-batch-outputs.ts';
import type { BatchContext } from './batch-context.ts';
import { resultRows } from './result-rows.ts';
import { loadModelReference, watchNight } from './night-watch.ts';
import path from 'node:path';

export async function reportRun(ctx: BatchContext, onAlert?: (alertId: number) => void): Promise<BatchRun> {
  const { root, db, run, model, thresholds, log } = ctx;
  ctx.progress({ phase: 'report', done: ctx.done, total: ctx.total, current: null });
  ctx.timeline.push({ at: ctx.clock().toISOString(), event: 'Processing complete' });
  const rows = resultRows(root, db, run.id, thresholds);
  const stats = computeStats(rows, thresholds, model.labels);
  const figures = { totalImages: stats.total, successful: stats.successful, failed: stats.failed, lowConfidence: stats.bands.low };
  const status = stats.failed > 0 ? 'completed_with_errors' : 'completed';
  const finishedAt = ctx.clock();
  const draft: BatchRun = {
    ...run,
    ...figures,
    status,
    modelSha256: model.sha256,
    durationSeconds: (finishedAt.getTime() - Date.parse(run.startedAt)) / 1000,
    successRate: stats.successRate,
  };
  const alerts = evaluateBatchAlerts(draft);
  const at = finishedAt.toISOString();
  const timeline = [
    ...ctx.timeline,
    { at, event: 'Results saved' },
    ...(alerts.length ? [{ at, event: `${alerts.length} alert(s) raised` }] : []),
  ];
  const outputs = await writeBatchOutputs(
    root,
    { run: draft, stamp: run.timestamp, rows, categories: model.labels, thresholds, model, timeline, alerts },
    { replace: true },
  );
  log.complete({ total: stats.total, successful: stats.successful, failed: stats.failed }, stats.categories);
  const { finished, alertIds } = db.transaction(() => ({
    finished: db.runs.finishBatchRun(run.id, {
      status,
      ...figures,
      modelSha256: model.sha256,
      outputs: { ...outputs, log: log.relPath },
      finishedAt: at,
    }),
    alertIds: alerts.map((a) => db.alerts.insertAlert({ ...a, batchRunId: run.id }).id),
  }));
  for (const id of alertIds) onAlert?.(id);
  // The station checks itself (night-watch.ts): never at the cost of the night's results.
  try {
    const watched = watchNight(
      db,
      {
        runId: run.id,
        startedAt: run.startedAt,
        modelSha256: model.sha256,
        labels: model.labels,
        high: thresholds.high,
      },
      { modelReference: loadModelReference(model.driftReference) },
    );
    if (watched.alertId !== null) onAlert?.(watched.alertId);
    if (watched.builtReference) log.line("Drift watch: the desk's own reference is built from its settled nights");
  } catch (e) {
    log.error(`Drift check failed: ${(e as Error).message}`);
  }
  await backupDatabase(db, path.join(root, 'backups'), run.timestamp).catch((e: Error) =>
    log.error(`Database backup failed: ${e.message}`),
  );
  ctx.progress({ phase: 'done', done: ctx.done, total: ctx.total, current: null });
  return finished;
}
