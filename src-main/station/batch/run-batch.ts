// The nightly run: recover → scan → classify → file → results → alerts → backup.
// Crash-safe by construction: every item's progress is a committed row and every move a journal
// entry, so a run that was killed is resumed (same run, same stamp) by the next start and finishes
// the rest, with nothing done twice and every photo in one place.
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  bandOf,
  fileStamp,
  returnIdFromPhotoName,
  type BatchProgress,
  type BatchRun,
  type BatchTrigger,
  type Item,
} from '../../../src-shared/domain.ts';
import { evaluateBatchAlerts } from '../alerts/alert-rules.ts';
import type { ModelInfo, WireResult } from '../classify/classifier-protocol.ts';
import { backupDatabase } from '../db/backup.ts';
import type { StationDb } from '../db/station-db.ts';
import { isIgnoredName, toAbs } from '../intake/photo-file.ts';
import { resumeBatchLog, startBatchLog, type BatchLog } from '../reports/batch-log.ts';
import { localIsoSeconds } from '../reports/local-time.ts';
import type { BatchResultRow, TimelineEntry } from '../reports/report-types.ts';
import { writeBatchOutputs } from '../reports/write-batch-outputs.ts';
import { acquireBatchLock } from './batch-lock.ts';
import { fileToCategory, PhotoVanishedError, quarantine, quarantineFile } from './file-photo.ts';
import { recoverMoves } from './recover-moves.ts';

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
  /** Alerts raised by the run, after they are stored (the caller may send the webhook). */
  onAlert?: (alertId: number) => void;
  /** Photos per classification request, and requests kept in flight (keeps the worker busy while
   * this thread moves files and writes rows). */
  chunkSize?: number;
  inFlight?: number;
}

/** Stops the whole run: a bad model, a full disk. Not for one bad photo. */
class RunAbort extends Error {}

const STATION_DIRS = ['incoming', 'processed', 'errors', 'results', 'logs', 'backups'];

type Work = { kind: 'new'; rel: string } | { kind: 'item'; item: Item; needsClassify: boolean };

function fatalFsError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS';
}

export async function runBatch(deps: BatchDeps): Promise<BatchRun> {
  const { root, db, classifier } = deps;
  const clock = deps.clock ?? (() => new Date());
  const chunkSize = deps.chunkSize ?? 8;
  const inFlight = deps.inFlight ?? 3;
  for (const d of STATION_DIRS) await mkdir(path.join(root, d), { recursive: true });
  const lock = await acquireBatchLock(root);
  let log: BatchLog | null = null;
  try {
    const recovered = await recoverMoves(root, db);
    const resumed = db.runningBatchRuns()[0] ?? null;
    const run = resumed ?? db.startBatchRun({ timestamp: fileStamp(clock()), trigger: deps.trigger });
    const stamp = run.timestamp;
    const timeline: TimelineEntry[] = [{ at: run.startedAt, event: 'Batch started' }];
    log = resumed
      ? resumeBatchLog({ root, stamp, clock, fsync: false }, `${db.listItemsByBatchRun(run.id).length} already done; ${recovered.completed} interrupted moves completed`)
      : startBatchLog({ root, stamp, clock, fsync: false });
    if (resumed) timeline.push({ at: clock().toISOString(), event: 'Resumed after an interruption' });
    deps.onStarted?.(run);
    const progress = (p: Omit<BatchProgress, 'runId'>) => deps.onProgress?.({ runId: run.id, ...p });

    let model: ModelInfo;
    try {
      model = await classifier.ready();
    } catch (e) {
      throw new RunAbort(`Model unavailable: ${(e as Error).message}`);
    }
    log.modelReady(model);
    timeline.push({ at: clock().toISOString(), event: `Model check passed: ${model.name} ${model.version}` });
    const thresholds = db.getSettings().thresholds;

    // Scan: files nobody has recorded yet, and recorded items still waiting to be filed.
    progress({ phase: 'scan', done: 0, total: 0, current: null });
    const names = (await readdir(path.join(root, 'incoming'), { withFileTypes: true }))
      .filter((e) => e.isFile() && !isIgnoredName(e.name))
      .map((e) => e.name)
      .sort();
    const work: Work[] = [];
    for (const name of names) {
      const rel = `incoming/${name}`;
      if (!db.getItemByRelPath(rel)) work.push({ kind: 'new', rel });
    }
    for (const item of db.listUnfiledItems()) {
      work.push({ kind: 'item', item, needsClassify: item.prediction?.modelSha256 !== model.sha256 });
    }
    const alreadyDone = resumed ? db.listItemsByBatchRun(run.id).length : 0;
    const total = alreadyDone + work.length;
    log.found(total);
    timeline.push({ at: clock().toISOString(), event: `Found ${total} images to process` });

    // Classify in chunks with a few requests in flight; file each photo as its answer arrives.
    const chunks: Work[][] = [];
    for (let i = 0; i < work.length; i += chunkSize) chunks.push(work.slice(i, i + chunkSize));
    const request = (chunk: Work[]) => {
      const fresh = chunk.filter((w) => w.kind === 'new').map((w) => toAbs(root, (w as { rel: string }).rel));
      const stale = chunk.filter((w) => w.kind === 'item' && w.needsClassify).map((w) => toAbs(root, (w as { item: Item }).item.relPath));
      return Promise.all([classifier.classifyMany(fresh, { hash: true }), classifier.classifyMany(stale)]);
    };
    const pending = chunks.slice(0, inFlight).map(request);
    let done = alreadyDone;
    for (let c = 0; c < chunks.length; c++) {
      const [freshResults, staleResults] = await pending[c]!;
      if (c + inFlight < chunks.length) pending.push(request(chunks[c + inFlight]!));
      let f = 0;
      let s = 0;
      for (const w of chunks[c]!) {
        done++;
        const name = w.kind === 'new' ? path.posix.basename(w.rel) : w.item.fileName;
        log.processing(done, total, name);
        progress({ phase: 'file', done, total, current: name });
        const result = w.kind === 'new' ? freshResults[f++]! : w.needsClassify ? staleResults[s++]! : null;
        try {
          await fileOne(w, result);
        } catch (e) {
          if (e instanceof PhotoVanishedError) {
            log.itemError(e.message);
            const item = db.getItemByRelPath(e.relPath);
            if (item) db.updateItemLocation(item.id, 'incoming', `${item.relPath}#missing-${item.id}`, 'failed', e.message, run.id);
            continue;
          }
          if (fatalFsError(e)) throw new RunAbort(`Disk problem while filing ${name}: ${(e as Error).message}`);
          // Anything else about one photo: record it on that photo and go on with the next.
          log.itemError(`Could not file ${name}: ${(e as Error).message}`);
        }
      }
    }

    async function fileOne(w: Work, raw: WireResult | null): Promise<void> {
      const now = clock();
      const result = raw && !raw.ok ? { ...raw, error: { ...raw.error, message: withoutPath(raw.error.message) } } : raw;
      let item: Item;
      if (w.kind === 'new') {
        const r = result!;
        if (!r.sha256) {
          const fileName = path.posix.basename(w.rel);
          const reason = r.ok ? 'Unreadable file' : r.error.message;
          log!.itemError(reason);
          if (!r.ok && r.error.code === 'FILE_MISSING') {
            // Gone between the scan and the read: nothing to keep, but the run records it.
            const entry = db.planMove({ itemId: null, batchRunId: run.id, fromRel: w.rel, toRel: w.rel, reason });
            db.completeMove(entry.id);
            return;
          }
          // Could not be read at all (no permission): a row without a content hash, and the file
          // set aside (a rename needs no read permission).
          const unreadable = db.insertItem({ fileName, sha256: null, sizeBytes: r.sizeBytes ?? 0, returnId: returnIdFromPhotoName(fileName), relPath: w.rel });
          const moved = await quarantine(root, db, unreadable, reason, run.id, now);
          log!.movedTo(moved.relPath);
          return;
        }
        const twin = db.getItemBySha256(r.sha256);
        if (twin) {
          const reason = `Duplicate of ${twin.fileName} (same content as item ${twin.id}, now at ${twin.relPath})`;
          log!.itemError(reason);
          const moved = await quarantineFile(root, db, { relPath: w.rel, fileName: path.posix.basename(w.rel), sha256: r.sha256, itemId: null }, reason, run.id, now);
          log!.movedTo(moved);
          return;
        }
        const fileName = path.posix.basename(w.rel);
        item = db.insertItem({ fileName, sha256: r.sha256, sizeBytes: r.sizeBytes ?? 0, returnId: returnIdFromPhotoName(fileName), relPath: w.rel });
      } else {
        item = w.item;
        const present = await stat(toAbs(root, item.relPath)).then(() => true, () => false);
        if (!present) {
          // The row keeps the record; its path is marked so a new photo of the same name can come in.
          throw new PhotoVanishedError(item.relPath);
        }
      }
      if (result && !result.ok) {
        log!.itemError(result.error.message);
        const moved = await quarantine(root, db, item, result.error.message, run.id, now);
        log!.movedTo(moved.relPath);
        return;
      }
      if (result?.ok) item = db.addPrediction(item.id, result.prediction, thresholds);
      const p = item.prediction!;
      log!.category(p.category, p.confidence);
      const filed = await fileToCategory(root, db, item, item.category ?? p.category, run.id);
      log!.movedTo(filed.relPath);
    }

    // Results: rebuilt from the database, so a resumed run reports every photo once.
    progress({ phase: 'report', done, total, current: null });
    timeline.push({ at: clock().toISOString(), event: 'Processing complete' });
    const rows = resultRows(db, run.id, thresholds);
    const successful = rows.filter((r) => r.status === 'success').length;
    const failed = rows.length - successful;
    const lowConfidence = rows.filter((r) => r.band === 'low').length;
    const categories: Record<string, number> = {};
    for (const r of rows) if (r.category && r.status === 'success') categories[r.category] = (categories[r.category] ?? 0) + 1;
    const status = failed > 0 ? 'completed_with_errors' : 'completed';
    const finishedAt = clock();
    const draft = { ...run, status, totalImages: rows.length, successful, failed, lowConfidence, modelSha256: model.sha256 } as BatchRun;
    draft.durationSeconds = (finishedAt.getTime() - Date.parse(run.startedAt)) / 1000;
    draft.successRate = rows.length ? Math.round((successful / rows.length) * 10000) / 100 : 0;
    const alerts = evaluateBatchAlerts(draft);
    const outputs = await writeBatchOutputs(
      root,
      {
        run: draft,
        stamp,
        rows,
        categories: model.labels,
        thresholds,
        model,
        timeline: [...timeline, { at: finishedAt.toISOString(), event: 'Results saved' }, ...(alerts.length ? [{ at: finishedAt.toISOString(), event: `${alerts.length} alert(s) raised` }] : [])],
        alerts,
      },
      { replace: true },
    );
    log.complete({ total: rows.length, successful, failed }, categories);
    const finished = db.transaction(() => {
      const f = db.finishBatchRun(run.id, {
        status,
        totalImages: rows.length,
        successful,
        failed,
        lowConfidence,
        modelSha256: model.sha256,
        outputs: { ...outputs, log: log!.relPath },
        finishedAt: finishedAt.toISOString(),
      });
      for (const a of alerts) deps.onAlert?.(db.insertAlert({ ...a, batchRunId: run.id }).id);
      return f;
    });
    await backupDatabase(db, path.join(root, 'backups'), stamp).catch((e: Error) => log!.error(`Database backup failed: ${e.message}`));
    progress({ phase: 'done', done, total, current: null });
    return finished;
  } catch (e) {
    if (!(e instanceof RunAbort) && !fatalFsError(e)) throw e;
    // The run cannot go on: record it as failed, loudly, with everything not yet filed left where it is.
    const message = (e as Error).message;
    log?.error(message);
    const running = db.runningBatchRuns()[0];
    if (!running) throw e;
    const finished = db.finishBatchRun(running.id, {
      status: 'failed',
      totalImages: 0,
      successful: 0,
      failed: 0,
      errorMessage: message,
      outputs: log ? { csv: '', summary: '', report: '', log: log.relPath } : null,
    });
    for (const a of evaluateBatchAlerts(finished)) deps.onAlert?.(db.insertAlert({ ...a, batchRunId: running.id }).id);
    return finished;
  } finally {
    log?.close();
    await lock.release();
  }
}

/** Errors name the file they are about; the report's row already does, so drop the path. */
function withoutPath(message: string): string {
  return message.replace(/:\s+\/[^:]*$|:\s+[A-Za-z]:\\[^:]*$/, '');
}

/** One report row per photo this run handled: items it filed or quarantined, and files it
 * quarantined without an item of their own (duplicates, unreadable). */
export function resultRows(db: StationDb, runId: number, thresholds: { high: number; low: number }): BatchResultRow[] {
  const rows: BatchResultRow[] = db.listItemsByBatchRun(runId).map((item) => {
    const ok = item.status === 'filed';
    const p = item.prediction;
    return {
      fileName: item.fileName,
      category: ok ? item.category : null,
      confidence: ok && p ? p.confidence : 0,
      status: ok ? 'success' : 'error',
      timestamp: localIsoSeconds(new Date(item.filedAt ?? item.receivedAt)),
      returnId: item.returnId,
      band: ok && p ? bandOf(p.confidence, thresholds) : null,
      error: ok ? null : item.error,
      destination: item.location === 'incoming' ? null : item.relPath,
      thumbnail: item.location === 'incoming' ? undefined : item.relPath,
    };
  });
  for (const m of db.movesForRun(runId)) {
    if (m.itemId !== null || m.state !== 'done') continue;
    const moved = m.toRel !== m.fromRel;
    rows.push({
      fileName: path.posix.basename(m.fromRel),
      category: null,
      confidence: 0,
      status: 'error',
      timestamp: localIsoSeconds(new Date(m.doneAt ?? m.createdAt)),
      returnId: returnIdFromPhotoName(path.posix.basename(m.fromRel)),
      band: null,
      error: m.reason,
      destination: moved ? m.toRel : null,
    });
  }
  return rows;
}
