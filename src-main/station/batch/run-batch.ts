// The nightly run: recover → scan → classify → file → results → alerts → backup.
// Crash-safe by construction: every item's progress is a committed row and every move a journal
// entry, so a run that was killed is resumed (same run, same stamp) by the next start and finishes
// the rest, with nothing done twice and every photo in one place. The phases live beside it:
// start-run.ts, classify-chunks.ts, file-chunk.ts (plan → commit → move → settle), batch-report.ts.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BatchProgress, BatchRun, BatchTrigger } from '../../../src-shared/domain.ts';
import type { ModelInfo, WireResult } from '../classify/classifier-protocol.ts';
import type { StationDb } from '../db/station-db.ts';
import type { BatchLog } from '../reports/batch-log.ts';
import type { TimelineEntry } from '../reports/report-types.ts';
import { STATION_SUBFOLDERS } from '../station-layout.ts';
import { assertOutputFoldersInside } from '../station-paths.ts';
import { NO_METER, type StepMeter } from '../step-meter.ts';
import { acquireBatchLock } from './batch-lock.ts';
import { reportRun } from './batch-report.ts';
import { classifyInChunks } from './classify-chunks.ts';
import { failRunningRun } from './fail-running-run.ts';
import { fileChunk } from './file-chunk.ts';
import { recoverMoves } from '../filing/recover-moves.ts';
import { openRun, openRunLog, prepareRun, RunAbort } from './start-run.ts';

export interface BatchClassifier {
  ready(): Promise<ModelInfo>;
  classifyMany(files: string[], opts?: { hash?: boolean }): Promise<WireResult[]>;
}

export interface BatchDeps {
  root: string;
  db: StationDb;
  classifier: BatchClassifier;
  trigger: BatchTrigger;
  clock?: () => Date;
  onStarted?: (run: BatchRun) => void;
  onProgress?: (p: BatchProgress) => void;
  /** Alerts raised by the run, after the transaction that stored them has committed (the caller
   * may read them by id, show them and send the webhook). */
  onAlert?: (alertId: number) => void;
  /** Photos per classification request, and requests kept in flight (keeps the worker busy while
   * this thread moves files and writes rows). 16 per chunk: each chunk costs two commits and one
   * model call, and a crash redoes at most one chunk's planning. */
  chunkSize?: number;
  inFlight?: number;
  /** Times each step (the bench's profile); none in the station. */
  meter?: StepMeter;
}

function fatalFsError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS';
}

export async function runBatch(deps: BatchDeps): Promise<BatchRun> {
  const { root, db } = deps;
  const clock = deps.clock ?? (() => new Date());
  for (const d of STATION_SUBFOLDERS) await mkdir(path.join(root, d), { recursive: true });
  const lock = await acquireBatchLock(root);
  let log: BatchLog | null = null;
  let runId: number | null = null;
  try {
    await assertOutputFoldersInside(root, [...STATION_SUBFOLDERS, 'thumbnails']);
    const recovered = await recoverMoves(root, db);
    const opened = openRun(db, deps.trigger, clock());
    runId = opened.run.id;
    const runLog = openRunLog(root, opened, clock, recovered.completed);
    log = runLog;
    const timeline: TimelineEntry[] = [{ at: opened.run.startedAt, event: 'Batch started' }];
    if (opened.resumed) timeline.push({ at: clock().toISOString(), event: 'Resumed after an interruption' });
    deps.onStarted?.(opened.run);
    const meter = deps.meter ?? NO_METER;
    const { ctx, work } = await meter.step('scan + start', () => prepareRun({ ...deps, clock }, opened, runLog, timeline));
    for await (const chunk of classifyInChunks(ctx, deps.classifier, work, {
      chunkSize: deps.chunkSize ?? 16,
      inFlight: deps.inFlight ?? 3,
    })) {
      await fileChunk(ctx, chunk).catch((e: unknown) => {
        throw fatalFsError(e) ? new RunAbort(`Disk problem while filing photos: ${(e as Error).message}`) : e;
      });
    }
    return await meter.step('report + backup', () => reportRun(ctx, deps.onAlert));
  } catch (e) {
    // The run cannot go on (a bad model, a full disk, or anything unexpected once it started):
    // record it as failed, loudly, with everything not yet filed left where it is.
    const message = e instanceof RunAbort || fatalFsError(e) ? (e as Error).message : `Batch stopped by an error: ${(e as Error).message}`;
    log?.error(message);
    if (runId === null) throw e;
    const failed = failRunningRun(db, runId, message, log?.relPath ?? null);
    if (!failed) throw e;
    for (const id of failed.alertIds) deps.onAlert?.(id);
    return failed.run;
  } finally {
    log?.close();
    await lock.release();
  }
}
