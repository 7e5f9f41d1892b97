// Batch runs: the desk's run history (its old columns kept, so reports can be regenerated from
// here when a result file is lost) plus what the station adds.
import type { BatchRun, BatchStatus, BatchTrigger } from '../../../src-shared/domain.ts';
import type { DbContext, Row } from './db-context.ts';
import { toIsoUtc } from './time-values.ts';

export interface NewBatchRun {
  /** Local start time as in the run's file names: 20251013_020000 (fileStamp in src-shared/local-time.ts). */
  timestamp: string;
  trigger: BatchTrigger;
  modelSha256?: string | null;
  /** Default now. */
  startedAt?: string;
}

export interface BatchRunResult {
  status: Exclude<BatchStatus, 'running'>;
  totalImages: number;
  successful: number;
  failed: number;
  lowConfidence?: number;
  errorMessage?: string | null;
  outputs?: BatchRun['outputs'];
  /** Set when the model only became known during the run; otherwise the start's value is kept. */
  modelSha256?: string | null;
  /** Default: from startedAt to finishedAt. */
  durationSeconds?: number;
  /** Default now. */
  finishedAt?: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function runFromRow(r: Row): BatchRun {
  return {
    id: r.id as number,
    timestamp: r.timestamp as string,
    startedAt: r.started_at as string,
    finishedAt: (r.finished_at as string | null) ?? null,
    trigger: r.trigger as BatchTrigger,
    status: r.status as BatchStatus,
    totalImages: r.total_images as number,
    successful: r.successful as number,
    failed: r.failed as number,
    successRate: r.success_rate as number,
    lowConfidence: r.low_confidence as number,
    durationSeconds: r.duration_seconds as number,
    modelSha256: (r.model_sha256 as string | null) ?? null,
    errorMessage: (r.error_message as string | null) ?? null,
    outputs: r.outputs == null ? null : (JSON.parse(r.outputs as string) as BatchRun['outputs']),
  };
}

export function getBatchRun(ctx: DbContext, id: number): BatchRun | null {
  const r = ctx.stmt('SELECT * FROM batch_runs WHERE id = ?').get(id);
  return r ? runFromRow(r) : null;
}

export function startBatchRun(ctx: DbContext, input: NewBatchRun): BatchRun {
  const r = ctx
    .stmt(`INSERT INTO batch_runs (timestamp, started_at, "trigger", model_sha256, status) VALUES (?, ?, ?, ?, 'running')`)
    .run(input.timestamp, input.startedAt ? toIsoUtc(input.startedAt) : ctx.nowIso(), input.trigger, input.modelSha256 ?? null);
  return getBatchRun(ctx, Number(r.lastInsertRowid))!;
}

/** Closes a running run with its figures. Only a 'running' run can be finished: finishing twice
 * (say, the batch and crash recovery both trying) is a bug worth hearing about. The success rate is
 * a percentage with two decimals, as in the desk's summary; a run with no images counts as 100 %
 * (nothing failed), so an empty night does not look like a broken one. */
export function finishBatchRun(ctx: DbContext, id: number, result: BatchRunResult): BatchRun {
  return ctx.tx(() => {
    const run = getBatchRun(ctx, id);
    if (!run) throw new Error(`No batch run ${id}`);
    if (run.status !== 'running') throw new Error(`Batch run ${id} is already finished (${run.status})`);
    const finishedAt = result.finishedAt ? toIsoUtc(result.finishedAt) : ctx.nowIso();
    const duration = result.durationSeconds ?? Math.max(0, (Date.parse(finishedAt) - Date.parse(run.startedAt)) / 1000);
    const successRate = result.totalImages > 0 ? round2((result.successful / result.totalImages) * 100) : 100;
    ctx
      .stmt(
        `UPDATE batch_runs SET status = ?, total_images = ?, successful = ?, failed = ?, success_rate = ?,
                duration_seconds = ?, low_confidence = ?, error_message = ?, outputs = ?,
                model_sha256 = coalesce(?, model_sha256), finished_at = ?
          WHERE id = ?`,
      )
      .run(
        result.status,
        result.totalImages,
        result.successful,
        result.failed,
        successRate,
        round2(duration),
        result.lowConfidence ?? 0,
        result.errorMessage ?? null,
        result.outputs ? JSON.stringify(result.outputs) : null,
        result.modelSha256 ?? null,
        finishedAt,
        id,
      );
    return getBatchRun(ctx, id)!;
  });
}

/** Newest first. */
export function listBatchRuns(ctx: DbContext, limit = 50): BatchRun[] {
  return ctx.stmt('SELECT * FROM batch_runs ORDER BY id DESC LIMIT ?').all(limit).map(runFromRow);
}

/** The most recently finished run, whatever its outcome (the "no batch in 36 hours" rule and the
 * missed-night check both start from it). */
export function lastFinishedBatchRun(ctx: DbContext): BatchRun | null {
  const r = ctx.stmt('SELECT * FROM batch_runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1').get();
  return r ? runFromRow(r) : null;
}

/** Runs still marked 'running': after a crash these are the interrupted ones recovery must close. */
export function runningBatchRuns(ctx: DbContext): BatchRun[] {
  return ctx.stmt(`SELECT * FROM batch_runs WHERE status = 'running' ORDER BY id`).all().map(runFromRow);
}
