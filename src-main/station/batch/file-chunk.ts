// Files one chunk of classified photos with two commits for the whole chunk: every move is planned
// (and every new row written) in one transaction before any file moves, and the rows are updated
// in one transaction after. A crash in between is finished by recoverMoves.
//   plan (planPhoto, pure) → place (free names, error notes) → commit → move → settle → record
import { access, unlink } from 'node:fs/promises';
import path from 'node:path';
import { returnIdFromPhotoName } from '../../../src-shared/domain.ts';
import type { WireResult } from '../classify/classifier-protocol.ts';
import { freeName } from '../fs/free-name.ts';
import { toAbs } from '../fs/inside-folder.ts';
import { syncFolder } from '../fs/sync-folder.ts';
import { saveThumbnail } from '../intake/thumbnail-cache.ts';
import { workFileName, workRel, type BatchContext, type Classified, type Work } from './batch-context.ts';
import { categoryFolder, journaledMove, PhotoVanishedError, writeErrorNote } from '../filing/file-photo.ts';
import { planPhoto } from './plan-photo.ts';

interface Photo {
  fileName: string;
  fromRel: string;
  work: Work;
  result: WireResult | null;
}
type Vanished = Photo & { kind: 'vanished'; reason: string; itemId: number | null };
type Placed = Photo &
  ({ kind: 'quarantine'; toRel: string; reason: string; keepRow: boolean } | { kind: 'file'; toRel: string; category: string });
type Planned = Vanished | Placed;
/** A placed photo with its row and its journal entry, committed. */
type Journaled = Placed & { itemId: number | null; journalId: number };
type Outcome = Vanished | Journaled;

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

export async function fileChunk(ctx: BatchContext, chunk: Classified[]): Promise<void> {
  const { meter } = ctx;
  const planned = await meter.step('plan: names + notes', () => placeChunk(ctx, chunk));
  const journaled = await meter.step('DB: rows + journal', () => commitChunk(ctx, planned));
  const outcomes = await meter.step('moves', () => moveChunk(ctx, journaled));
  await meter.step('DB: settle', () => settleChunk(ctx, outcomes));
  await meter.step('thumbnails + log', () => recordChunk(ctx, outcomes));
}

/** Decides each photo's fate and reserves its destination name (and writes its error note). */
async function placeChunk(ctx: BatchContext, chunk: Classified[]): Promise<Planned[]> {
  const { root, db } = ctx;
  const now = ctx.clock();
  const reserved = new Set<string>();
  const firstOfContent = new Map<string, string>(); // sha256 → file name, within this chunk
  const planned: Planned[] = [];
  for (const c of chunk) {
    const { work, result } = c;
    const photo: Photo = { fileName: workFileName(work), fromRel: workRel(work), work, result };
    ctx.log.processing(++ctx.done, ctx.total, photo.fileName);
    const missing =
      work.kind === 'item' && !(await exists(toAbs(root, photo.fromRel))) ? new PhotoVanishedError(photo.fromRel).message : null;
    const sha = work.kind === 'new' ? (result?.sha256 ?? null) : null;
    const verdict = planPhoto(c, {
      missing,
      twin: sha ? db.items.getItemBySha256(sha) : null,
      chunkTwin: sha ? firstOfContent.get(sha) : undefined,
    });
    if (verdict.kind === 'vanished') {
      planned.push({ ...photo, ...verdict, itemId: work.kind === 'item' ? work.item.id : null });
    } else if (verdict.kind === 'quarantine') {
      const toName = await freeName(toAbs(root, 'errors'), photo.fileName, { reserved, withNote: true });
      const sha256 = result?.sha256 ?? (work.kind === 'item' ? work.item.sha256 : null);
      await writeErrorNote(toAbs(root, `errors/${toName}.error.txt`), {
        fileName: photo.fileName,
        reason: verdict.reason,
        at: now,
        was: photo.fromRel,
        sha256,
      });
      planned.push({ ...photo, ...verdict, toRel: `errors/${toName}` });
    } else {
      if (sha) firstOfContent.set(sha, photo.fileName);
      const dirRel = `processed/${categoryFolder(verdict.category)}`;
      const toName = await freeName(toAbs(root, dirRel), photo.fileName, { reserved });
      planned.push({ ...photo, ...verdict, toRel: `${dirRel}/${toName}` });
    }
  }
  return planned;
}

/** Rows and journal entries, one commit. */
function commitChunk({ db, run, thresholds }: BatchContext, planned: Planned[]): Outcome[] {
  return db.transaction(() =>
    planned.map((p): Outcome => {
      if (p.kind === 'vanished') return p;
      let itemId: number | null = p.work.kind === 'item' ? p.work.item.id : null;
      if (p.work.kind === 'new' && (p.kind === 'file' || p.keepRow)) {
        itemId = db.items.insertItem({
          fileName: p.fileName,
          sha256: p.result?.sha256 ?? null,
          sizeBytes: p.result?.sizeBytes ?? 0,
          returnId: returnIdFromPhotoName(p.fileName),
          relPath: p.fromRel,
        }).id;
      }
      if (itemId !== null && p.result?.ok) db.items.addPrediction(itemId, p.result.prediction, thresholds);
      const reason = p.kind === 'file' ? 'file' : itemId === null ? p.reason : 'quarantine';
      const journalId = db.moves.planMove({ itemId, batchRunId: run.id, fromRel: p.fromRel, toRel: p.toRel, reason }).id;
      return { ...p, itemId, journalId };
    }),
  );
}

/** The moves. A photo that vanished now is recorded as such; nothing else is touched. Each folder
 * a move touched is synced once, after the chunk's moves and before settleChunk records them (two
 * fsyncs per photo were most of the batch thread's time). */
async function moveChunk(ctx: BatchContext, journaled: Outcome[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const touched = new Set<string>();
  for (const p of journaled) {
    let outcome: Outcome = p;
    if (p.kind !== 'vanished') {
      try {
        touched.add(path.dirname(toAbs(ctx.root, p.fromRel))).add(path.dirname(toAbs(ctx.root, p.toRel)));
        await journaledMove(ctx.root, ctx.db, p.fromRel, p.toRel, p.journalId, { sync: false });
      } catch (e) {
        if (!(e instanceof PhotoVanishedError)) throw e;
        if (p.kind === 'quarantine') await unlink(toAbs(ctx.root, `${p.toRel}.error.txt`)).catch(() => {});
        outcome = {
          fileName: p.fileName,
          fromRel: p.fromRel,
          work: p.work,
          result: p.result,
          kind: 'vanished',
          reason: e.message,
          itemId: p.itemId,
        };
      }
    }
    outcomes.push(outcome);
    ctx.progress({ phase: 'file', done: ++ctx.placed, total: ctx.total, current: p.fileName });
  }
  for (const dir of touched) await syncFolder(dir);
  return outcomes;
}

/** Where everything is now, one commit. */
function settleChunk({ db, run }: BatchContext, outcomes: Outcome[]): void {
  db.transaction(() => {
    for (const p of outcomes) {
      if (p.kind === 'vanished') {
        if (p.itemId !== null) {
          // The row keeps the record; its path is marked so a new photo of that name can come in.
          db.items.updateItemLocation(p.itemId, 'incoming', `${p.fromRel}#missing-${p.itemId}`, 'failed', p.reason, run.id);
        } else {
          const entry = db.moves.planMove({ itemId: null, batchRunId: run.id, fromRel: p.fromRel, toRel: p.fromRel, reason: p.reason });
          db.moves.completeMove(entry.id);
        }
        continue;
      }
      if (p.itemId !== null) {
        if (p.kind === 'file') db.items.updateItemLocation(p.itemId, 'processed', p.toRel, 'filed', null, run.id);
        else db.items.updateItemLocation(p.itemId, 'errors', p.toRel, 'failed', p.reason, run.id);
      }
      db.moves.completeMove(p.journalId);
    }
  });
}

/** Thumbnails (derived data: never fails a photo) and the log lines. */
async function recordChunk({ root, log }: BatchContext, outcomes: Outcome[]): Promise<void> {
  for (const p of outcomes) {
    if (p.kind !== 'vanished' && p.result?.ok && p.result.thumbnail && p.result.sha256) {
      await saveThumbnail(root, p.result.sha256, p.result.thumbnail).catch(() => {});
    }
  }
  for (const p of outcomes) {
    if (p.kind === 'file') {
      const conf = p.result?.ok ? p.result.prediction.confidence : p.work.kind === 'item' ? (p.work.item.prediction?.confidence ?? 0) : 0;
      log.category(p.category, conf);
    } else log.itemError(p.reason);
    if (p.kind !== 'vanished') log.movedTo(p.toRel);
  }
}
