// The nightly run: recover → scan → classify → file → results → alerts → backup.
// Crash-safe by construction: every item's progress is a committed row and every move a journal
// entry, so a run that was killed is resumed (same run, same stamp) by the next start and finishes
// the rest, with nothing done twice and every photo in one place.
import { access, mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  bandOf,
  returnIdFromPhotoName,
  type BatchProgress,
  type BatchRun,
  type BatchTrigger,
  type Item,
} from '../../../src-shared/domain.ts';
import { fileStamp, localIsoSeconds } from '../../../src-shared/local-time.ts';
import { evaluateBatchAlerts } from '../alerts/alert-rules.ts';
import type { ModelInfo, WireResult } from '../classify/classifier-protocol.ts';
import { backupDatabase } from '../db/backup.ts';
import type { StationDb } from '../db/station-db.ts';
import { freeName, isIgnoredName, toAbs } from '../intake/photo-file.ts';
import { setAsideSymlinks } from '../intake/set-aside-symlinks.ts';
import { hasThumbnail, saveThumbnail, thumbnailRel } from '../intake/thumbnail-cache.ts';
import { resumeBatchLog, startBatchLog, type BatchLog } from '../reports/batch-log.ts';
import type { BatchResultRow, TimelineEntry } from '../reports/report-types.ts';
import { writeBatchOutputs } from '../reports/write-batch-outputs.ts';
import { STATION_SUBFOLDERS } from '../station-layout.ts';
import { assertOutputFoldersInside } from '../station-paths.ts';
import { acquireBatchLock } from './batch-lock.ts';
import { failRunningRun } from './fail-running-run.ts';
import { categoryFolder, journaledMove, PhotoVanishedError, writeErrorNote } from './file-photo.ts';
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
  /** Alerts raised by the run, after the transaction that stored them has committed (the caller
   * may read them by id, show them and send the webhook). */
  onAlert?: (alertId: number) => void;
  /** Photos per classification request, and requests kept in flight (keeps the worker busy while
   * this thread moves files and writes rows). 16 per chunk: each chunk costs two commits and one
   * model call, and a crash redoes at most one chunk's planning. */
  chunkSize?: number;
  inFlight?: number;
}

/** Stops the whole run: a bad model, a full disk. Not for one bad photo. */
class RunAbort extends Error {}

type Work = { kind: 'new'; rel: string } | { kind: 'item'; item: Item; needsClassify: boolean };

type FilePlan = { fileName: string; fromRel: string; itemId?: number | null; journalId?: number } & (
  | { kind: 'vanished'; reason: string }
  | { kind: 'quarantine'; toRel: string; work: Work; result: WireResult | null; reason: string; keepRow: boolean }
  | { kind: 'file'; toRel: string; work: Work; result: WireResult | null; category: string }
);

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/** Errors name the file they are about; the report's row already does, so drop the path. */
function clean(r: WireResult | null): WireResult | null {
  return r && !r.ok ? { ...r, error: { ...r.error, message: withoutPath(r.error.message) } } : r;
}

function fatalFsError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS';
}

export async function runBatch(deps: BatchDeps): Promise<BatchRun> {
  const { root, db, classifier } = deps;
  const clock = deps.clock ?? (() => new Date());
  const chunkSize = deps.chunkSize ?? 16;
  const inFlight = deps.inFlight ?? 3;
  for (const d of STATION_SUBFOLDERS) await mkdir(path.join(root, d), { recursive: true });
  const lock = await acquireBatchLock(root);
  let log: BatchLog | null = null;
  let runId: number | null = null;
  try {
    await assertOutputFoldersInside(root, [...STATION_SUBFOLDERS, 'thumbnails']);
    const recovered = await recoverMoves(root, db);
    const resumed = db.runningBatchRuns()[0] ?? null;
    const run = resumed ?? db.startBatchRun({ timestamp: fileStamp(clock()), trigger: deps.trigger });
    runId = run.id;
    const stamp = run.timestamp;
    const timeline: TimelineEntry[] = [{ at: run.startedAt, event: 'Batch started' }];
    log = resumed
      ? resumeBatchLog(
          { root, stamp, clock, fsync: false },
          `${db.listItemsByBatchRun(run.id).length} already done; ${recovered.completed} interrupted moves completed`,
        )
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
    const thresholds = db.getThresholds();

    // Scan: files nobody has recorded yet, and recorded items still waiting to be filed. Links are
    // set aside first, never followed.
    progress({ phase: 'scan', done: 0, total: 0, current: null });
    await setAsideSymlinks(root, db, clock(), run.id);
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
    let done = alreadyDone; // photos taken in hand (log lines)
    let placed = alreadyDone; // photos in their final place (progress)
    for (let c = 0; c < chunks.length; c++) {
      // Waiting for the classifier: the next chunk's photos are being read, decoded and scored.
      progress({ phase: 'classify', done: placed, total, current: null });
      const [freshResults, staleResults] = await pending[c]!;
      if (c + inFlight < chunks.length) pending.push(request(chunks[c + inFlight]!));
      let f = 0;
      let s = 0;
      const decided = chunks[c]!.map((w) => ({
        w,
        result: clean(w.kind === 'new' ? freshResults[f++]! : w.needsClassify ? staleResults[s++]! : null),
      }));
      try {
        await fileChunk(decided);
      } catch (e) {
        if (fatalFsError(e)) throw new RunAbort(`Disk problem while filing photos: ${(e as Error).message}`);
        throw e;
      }
    }

    /** Files one chunk of photos with two commits for the whole chunk: every move is planned (and
     * every new row written) in one transaction before any file moves, and the rows are updated in
     * one transaction after. A crash in between is finished by recoverMoves. */
    async function fileChunk(decided: { w: Work; result: WireResult | null }[]): Promise<void> {
      const now = clock();
      const reserved = new Set<string>();
      const plans: FilePlan[] = [];
      const firstOfContent = new Map<string, string>(); // sha256 → file name, within this chunk
      for (const { w, result } of decided) {
        done++;
        const fileName = w.kind === 'new' ? path.posix.basename(w.rel) : w.item.fileName;
        const fromRel = w.kind === 'new' ? w.rel : w.item.relPath;
        log!.processing(done, total, fileName);
        if (w.kind === 'item' && !(await exists(toAbs(root, fromRel)))) {
          plans.push({ kind: 'vanished', fileName, fromRel, itemId: w.item.id, reason: new PhotoVanishedError(fromRel).message });
          continue;
        }
        if (result && !result.ok && result.error.code === 'FILE_MISSING') {
          plans.push({ kind: 'vanished', fileName, fromRel, itemId: w.kind === 'item' ? w.item.id : null, reason: result.error.message });
          continue;
        }
        const twin = w.kind === 'new' && result?.sha256 ? db.getItemBySha256(result.sha256) : null;
        const chunkTwin = w.kind === 'new' && result?.sha256 ? firstOfContent.get(result.sha256) : undefined;
        let error: string | null = null;
        if (twin) error = `Duplicate of ${twin.fileName} (same content as item ${twin.id}, now at ${twin.relPath})`;
        else if (chunkTwin) error = `Duplicate of ${chunkTwin} (same content)`;
        else if (result && !result.ok) error = result.error.message;
        else if (w.kind === 'new' && !result?.sha256) error = 'Unreadable file';
        if (error) {
          const toName = await freeName(toAbs(root, 'errors'), fileName, { reserved, withNote: true });
          await writeErrorNote(toAbs(root, `errors/${toName}.error.txt`), {
            fileName,
            reason: error,
            at: now,
            was: fromRel,
            sha256: result?.sha256 ?? (w.kind === 'item' ? w.item.sha256 : null),
          });
          plans.push({
            kind: 'quarantine',
            fileName,
            fromRel,
            toRel: `errors/${toName}`,
            work: w,
            result,
            reason: error,
            keepRow: !twin && !chunkTwin,
          });
        } else {
          const category =
            w.kind === 'item' && !result
              ? (w.item.category ?? w.item.prediction!.category)
              : (result as Extract<WireResult, { ok: true }>).prediction.category;
          if (w.kind === 'new' && result?.sha256) firstOfContent.set(result.sha256, fileName);
          const dirRel = `processed/${categoryFolder(category)}`;
          const toName = await freeName(toAbs(root, dirRel), fileName, { reserved });
          plans.push({ kind: 'file', fileName, fromRel, toRel: `${dirRel}/${toName}`, work: w, result, category });
        }
      }

      // 1. Rows and journal, one commit.
      db.transaction(() => {
        for (const p of plans) {
          if (p.kind === 'vanished') continue;
          let itemId: number | null = p.work.kind === 'item' ? p.work.item.id : null;
          if (p.work.kind === 'new' && (p.kind === 'file' || p.keepRow)) {
            itemId = db.insertItem({
              fileName: p.fileName,
              sha256: p.result?.sha256 ?? null,
              sizeBytes: p.result?.sizeBytes ?? 0,
              returnId: returnIdFromPhotoName(p.fileName),
              relPath: p.fromRel,
            }).id;
          }
          if (itemId !== null && p.result?.ok) db.addPrediction(itemId, p.result.prediction, thresholds);
          p.itemId = itemId;
          const reason = p.kind === 'file' ? 'file' : itemId === null ? p.reason : 'quarantine';
          p.journalId = db.planMove({ itemId, batchRunId: run.id, fromRel: p.fromRel, toRel: p.toRel, reason }).id;
        }
      });

      // 2. The moves. A photo that vanished now is recorded as such; nothing else is touched.
      for (const p of plans) {
        if (p.kind !== 'vanished') {
          try {
            await journaledMove(root, db, p.fromRel, p.toRel, p.journalId!);
          } catch (e) {
            if (!(e instanceof PhotoVanishedError)) throw e;
            if (p.kind === 'quarantine') await unlink(toAbs(root, `${p.toRel}.error.txt`)).catch(() => {});
            Object.assign(p, { kind: 'vanished', reason: e.message } satisfies Partial<FilePlan>);
          }
        }
        progress({ phase: 'file', done: ++placed, total, current: p.fileName });
      }

      // 3. Where everything is now, one commit.
      db.transaction(() => {
        for (const p of plans) {
          if (p.kind === 'vanished') {
            if (p.itemId !== null && p.itemId !== undefined) {
              // The row keeps the record; its path is marked so a new photo of that name can come in.
              db.updateItemLocation(p.itemId, 'incoming', `${p.fromRel}#missing-${p.itemId}`, 'failed', p.reason, run.id);
            } else {
              const entry = db.planMove({ itemId: null, batchRunId: run.id, fromRel: p.fromRel, toRel: p.fromRel, reason: p.reason });
              db.completeMove(entry.id);
            }
            continue;
          }
          if (p.itemId !== null) {
            if (p.kind === 'file') db.updateItemLocation(p.itemId!, 'processed', p.toRel, 'filed', null, run.id);
            else db.updateItemLocation(p.itemId!, 'errors', p.toRel, 'failed', p.reason, run.id);
          }
          db.completeMove(p.journalId!);
        }
      });

      for (const p of plans) {
        if (p.kind !== 'vanished' && p.result?.ok && p.result.thumbnail && p.result.sha256) {
          await saveThumbnail(root, p.result.sha256, p.result.thumbnail).catch(() => {}); // derived data: never fails a photo
        }
      }
      for (const p of plans) {
        if (p.kind === 'vanished') log!.itemError(p.reason);
        else if (p.kind === 'quarantine') log!.itemError(p.reason);
        else {
          const conf = p.result?.ok
            ? p.result.prediction.confidence
            : p.work.kind === 'item'
              ? (p.work.item.prediction?.confidence ?? 0)
              : 0;
          log!.category(p.category, conf);
        }
        if (p.kind !== 'vanished') log!.movedTo(p.toRel);
      }
    }

    // Results: rebuilt from the database, so a resumed run reports every photo once.
    progress({ phase: 'report', done, total, current: null });
    timeline.push({ at: clock().toISOString(), event: 'Processing complete' });
    const rows = resultRows(root, db, run.id, thresholds);
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
        timeline: [
          ...timeline,
          { at: finishedAt.toISOString(), event: 'Results saved' },
          ...(alerts.length ? [{ at: finishedAt.toISOString(), event: `${alerts.length} alert(s) raised` }] : []),
        ],
        alerts,
      },
      { replace: true },
    );
    log.complete({ total: rows.length, successful, failed }, categories);
    const alertIds: number[] = [];
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
      for (const a of alerts) alertIds.push(db.insertAlert({ ...a, batchRunId: run.id }).id);
      return f;
    });
    for (const id of alertIds) deps.onAlert?.(id);
    await backupDatabase(db, path.join(root, 'backups'), stamp).catch((e: Error) => log!.error(`Database backup failed: ${e.message}`));
    progress({ phase: 'done', done, total, current: null });
    return finished;
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

/** Errors name the file they are about; the report's row already does, so drop the path. */
function withoutPath(message: string): string {
  return message.replace(/:\s+\/[^:]*$|:\s+[A-Za-z]:\\[^:]*$/, '');
}

/** One report row per photo this run handled: items it filed or quarantined, and files it
 * quarantined without an item of their own (duplicates, unreadable). */
export function resultRows(root: string, db: StationDb, runId: number, thresholds: { high: number; low: number }): BatchResultRow[] {
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
      thumbnail:
        item.sha256 && hasThumbnail(root, item.sha256)
          ? thumbnailRel(item.sha256)
          : item.location === 'incoming'
            ? undefined
            : item.relPath,
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
