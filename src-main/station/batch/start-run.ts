// The start of a run: the run row (a run cut short is resumed: same run, same stamp), its log and
// timeline, the model check, and the scan for the photos to handle.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { BatchProgress, BatchRun, BatchTrigger } from '../../../src-shared/domain.ts';
import { fileStamp } from '../../../src-shared/local-time.ts';
import { readsAsToday } from '../classify/band-reading.ts';
import type { ModelInfo } from '../classify/classifier-protocol.ts';
import type { StationDb } from '../db/station-db.ts';
import { loadActiveDeskHead } from '../desk/active-desk-head.ts';
import { isIgnoredName } from '../fs/ignored-names.ts';
import { setAsideSymlinks } from '../intake/set-aside-symlinks.ts';
import { resumeBatchLog, startBatchLog, type BatchLog } from '../reports/batch-log.ts';
import type { TimelineEntry } from '../reports/report-types.ts';
import { NO_METER, type StepMeter } from '../step-meter.ts';
import type { BatchContext, Work } from './batch-context.ts';

/** Stops the whole run: a bad model, a full disk. Not for one bad photo. */
export class RunAbort extends Error {}

export interface OpenedRun {
  run: BatchRun;
  resumed: boolean;
  /** Photos a resumed run had already done (0 for a new run). */
  alreadyDone: number;
}

export function openRun(db: StationDb, trigger: BatchTrigger, now: Date): OpenedRun {
  const resumed = db.runs.runningBatchRuns()[0] ?? null;
  const run = resumed ?? db.runs.startBatchRun({ timestamp: fileStamp(now), trigger });
  return { run, resumed: resumed !== null, alreadyDone: resumed ? db.items.listItemsByBatchRun(run.id).length : 0 };
}

export function openRunLog(root: string, { run, resumed, alreadyDone }: OpenedRun, clock: () => Date, recoveredMoves: number): BatchLog {
  const where = { root, stamp: run.timestamp, clock, fsync: false };
  return resumed
    ? resumeBatchLog(where, `${alreadyDone} already done; ${recoveredMoves} interrupted moves completed`)
    : startBatchLog(where);
}

export interface ReadyDeps {
  root: string;
  db: StationDb;
  clock: () => Date;
  classifier: { ready(): Promise<ModelInfo> };
  onProgress?: (p: BatchProgress) => void;
  meter?: StepMeter;
}

/** Checks the model and scans incoming/ and the unfiled items: the context for the rest of the run. */
export async function prepareRun(
  d: ReadyDeps,
  { run, alreadyDone }: OpenedRun,
  log: BatchLog,
  timeline: TimelineEntry[],
): Promise<{ ctx: BatchContext; work: Work[] }> {
  const { root, db, clock } = d;
  const progress = (p: Omit<BatchProgress, 'runId'>) => d.onProgress?.({ runId: run.id, ...p });
  const model = await d.classifier.ready().catch((e: Error) => Promise.reject(new RunAbort(`Model unavailable: ${e.message}`)));
  log.modelReady(model);
  timeline.push({ at: clock().toISOString(), event: `Model check passed: ${model.name} ${model.version}` });
  const thresholds = db.settings.getThresholds();
  const deskHead = loadActiveDeskHead(db);
  if (deskHead) timeline.push({ at: clock().toISOString(), event: `Desk head #${deskHead.id} in use` });
  progress({ phase: 'scan', done: 0, total: 0, current: null });
  // The head this run answers with: photos classified under another (a Retrain now or a switch in
  // Settings since) are answered again, unless a person has already decided on them.
  const headId = deskHead?.modelSha256 === model.sha256 ? deskHead.id : null;
  const work = await scanWork(root, db, clock(), run.id, model, headId);
  const total = alreadyDone + work.length;
  log.found(total);
  timeline.push({ at: clock().toISOString(), event: `Found ${total} images to process` });
  return {
    ctx: {
      root,
      db,
      clock,
      run,
      log,
      timeline,
      model,
      thresholds,
      deskHead,
      deskKinds: db.desk.deskCategoryKinds(),
      total,
      done: alreadyDone,
      placed: alreadyDone,
      progress,
      meter: d.meter ?? NO_METER,
    },
    work,
  };
}

/** Files nobody has recorded yet, and recorded items still waiting to be filed. Links are set
 * aside first, never followed. */
async function scanWork(root: string, db: StationDb, now: Date, runId: number, model: ModelInfo, headId: number | null): Promise<Work[]> {
  await setAsideSymlinks(root, db, now, runId);
  const names = (await readdir(path.join(root, 'incoming'), { withFileTypes: true }))
    .filter((e) => e.isFile() && !isIgnoredName(e.name))
    .map((e) => e.name)
    .sort();
  const work: Work[] = names
    .map((name) => `incoming/${name}`)
    .flatMap((rel) => (db.items.getItemByRelPath(rel) ? [] : [{ kind: 'new' as const, rel }]));
  for (const item of db.items.listUnfiledItems()) {
    const p = item.prediction;
    const sameModel = p?.modelSha256 === model.sha256 && readsAsToday(db.items.latestReading(item.id), model.temperatures, model.labels);
    const current = p && sameModel && ((p.headId ?? null) === headId || item.lastDecision !== null) ? p : null;
    work.push({ kind: 'item', item, current });
  }
  return work;
}
