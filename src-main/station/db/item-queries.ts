// Items (one row per photo) and their predictions.
import Database from 'better-sqlite3';
import type { BandThresholds, Guess, Item, ItemLocation, ItemStatus, KindGuess, Prediction } from '../../../src-shared/domain.ts';
import type { ImageStats } from '../../../src-shared/drift.ts';
import { ItemConflictError } from './db-errors.ts';
import { decodeLogits, encodeFeatures, encodeLogits } from './features-codec.ts';
import type { DbContext } from './db-context.ts';
import { holdOnPrediction } from './drift-queries.ts';
import { ITEM_SELECT, itemFromRow } from './item-select.ts';
import { getThresholds } from './settings-queries.ts';
import { localDayRange, toIsoUtc } from './time-values.ts';

export interface NewItem {
  fileName: string;
  /** null for a file that could not be read (no content hash). */
  sha256: string | null;
  sizeBytes: number;
  returnId?: string | null;
  /** Default 'incoming'. */
  location?: ItemLocation;
  relPath: string;
  /** Default 'pending'. */
  status?: ItemStatus;
  error?: string | null;
  /** Default now. */
  receivedAt?: string;
}

export interface NewPrediction {
  category: string;
  confidence: number;
  top3: Guess[];
  modelSha256: string;
  latencyMs: number;
  /** Default now. */
  createdAt?: string;
  /** What a desk head learns from (absent for models without an embedding output). */
  features?: Float32Array;
  logits?: number[];
  photoKind?: 'studio' | 'photo';
  /** The kinds head's logits and reading (models with a kinds output). */
  kindLogits?: number[];
  kind?: KindGuess;
  /** What the classifier measured of the picture (the drift watch reads it; migration 9). */
  imageStats?: ImageStats;
  /** The base model's own answer when a desk head made this one; default the prediction itself. */
  base?: Guess;
  headId?: number | null;
}

/** The photo protocol serves `<root>/<relPath>`: a stored path must not be able to leave the root. */
export function assertRelPath(relPath: string): void {
  const bad =
    relPath === '' ||
    relPath.includes('\\') ||
    relPath.startsWith('/') ||
    /^[A-Za-z]:/.test(relPath) ||
    relPath.split('/').some((seg) => seg === '' || seg === '.' || seg === '..');
  if (bad) throw new Error(`Not a station-relative path with forward slashes: "${relPath}"`);
}

function one(ctx: DbContext, where: string, param: unknown, t?: BandThresholds): Item | null {
  const r = ctx.stmt(`${ITEM_SELECT} WHERE ${where}`).get(param);
  return r ? itemFromRow(r, t ?? getThresholds(ctx)) : null;
}

export function getItem(ctx: DbContext, id: number, t?: BandThresholds): Item | null {
  return one(ctx, 'i.id = ?', id, t);
}

export function getItemBySha256(ctx: DbContext, sha256: string, t?: BandThresholds): Item | null {
  return one(ctx, 'i.sha256 = ?', sha256, t);
}

export function getItemByRelPath(ctx: DbContext, relPath: string, t?: BandThresholds): Item | null {
  return one(ctx, 'i.rel_path = ?', relPath, t);
}

/** Turns SQLite's unique-constraint failure into an ItemConflictError naming the existing item. */
function asConflict(ctx: DbContext, e: unknown, sha256: string | null, relPath: string): unknown {
  if (!(e instanceof Database.SqliteError) || e.code !== 'SQLITE_CONSTRAINT_UNIQUE') return e;
  if (sha256 !== null && e.message.includes('items.sha256')) {
    return new ItemConflictError('sha256', sha256, getItemBySha256(ctx, sha256)?.id ?? null);
  }
  if (e.message.includes('items.rel_path')) {
    return new ItemConflictError('relPath', relPath, getItemByRelPath(ctx, relPath)?.id ?? null);
  }
  return e;
}

function mustGet(ctx: DbContext, id: number, t?: BandThresholds): Item {
  const item = getItem(ctx, id, t);
  if (!item) throw new Error(`No item ${id}`);
  return item;
}

/** Records a photo. Throws ItemConflictError when its bytes or its path are already recorded:
 * the same bytes twice make one item, and the caller decides what a duplicate means. */
export function insertItem(ctx: DbContext, input: NewItem): Item {
  assertRelPath(input.relPath);
  try {
    const r = ctx
      .stmt(
        `INSERT INTO items (file_name, sha256, size_bytes, return_id, location, rel_path, status, error, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.fileName,
        input.sha256,
        input.sizeBytes,
        input.returnId ?? null,
        input.location ?? 'incoming',
        input.relPath,
        input.status ?? 'pending',
        input.error ?? null,
        input.receivedAt ? toIsoUtc(input.receivedAt) : ctx.nowIso(),
      );
    return mustGet(ctx, Number(r.lastInsertRowid));
  } catch (e) {
    throw asConflict(ctx, e, input.sha256, input.relPath);
  }
}

/** Items received on a LOCAL calendar day, newest first (the Intake screen's list). */
export function listItemsByDay(ctx: DbContext, day: string, limit = 200, offset = 0, t?: BandThresholds): Item[] {
  const { from, to } = localDayRange(day);
  const th = t ?? getThresholds(ctx);
  return ctx
    .stmt(`${ITEM_SELECT} WHERE i.received_at >= ? AND i.received_at < ? ORDER BY i.received_at DESC, i.id DESC LIMIT ? OFFSET ?`)
    .all(from, to, limit, offset)
    .map((r) => itemFromRow(r, th));
}

/** Everything whose photo still sits in incoming/, oldest first: the batch's work list. Chosen by
 * location, not status, because the file's place is what the batch has to change. */
export function listUnfiledItems(ctx: DbContext, t?: BandThresholds): Item[] {
  const th = t ?? getThresholds(ctx);
  return ctx
    .stmt(`${ITEM_SELECT} WHERE i.location = 'incoming' ORDER BY i.received_at, i.id`)
    .all()
    .map((r) => itemFromRow(r, th));
}

/** The items a batch run filed or quarantined, in the order the batch takes them (oldest first):
 * the rows of its results CSV, and what a resumed run has already done. */
export function listItemsByBatchRun(ctx: DbContext, batchRunId: number, t?: BandThresholds): Item[] {
  const th = t ?? getThresholds(ctx);
  return ctx
    .stmt(`${ITEM_SELECT} WHERE i.batch_run_id = ? ORDER BY i.received_at, i.id`)
    .all(batchRunId)
    .map((r) => itemFromRow(r, th));
}

/** Counts for the status bar: received that local day, those with a prediction, those failed. */
export function dayCounts(ctx: DbContext, day: string): { received: number; classified: number; failed: number } {
  const { from, to } = localDayRange(day);
  const r = ctx
    .stmt(
      `SELECT count(*) AS received,
              coalesce(sum(EXISTS (SELECT 1 FROM predictions p WHERE p.item_id = i.id)), 0) AS classified,
              coalesce(sum(i.status = 'failed'), 0) AS failed
         FROM items i WHERE i.received_at >= ? AND i.received_at < ?`,
    )
    .get(from, to)!;
  return { received: r.received as number, classified: r.classified as number, failed: r.failed as number };
}

/** Records where a photo's file now is, after the move (journaled by the caller). filed_at is
 * stamped when the status becomes 'filed' and cleared otherwise; the error is cleared unless one is
 * given; batchRunId, when left out, keeps the item's current run. */
export function updateItemLocation(
  ctx: DbContext,
  id: number,
  location: ItemLocation,
  relPath: string,
  status: ItemStatus,
  error?: string | null,
  batchRunId?: number | null,
): Item {
  assertRelPath(relPath);
  let changes: number;
  try {
    changes = ctx
      .stmt(
        `UPDATE items SET location = ?, rel_path = ?, status = ?, error = ?,
                filed_at = CASE WHEN ? = 'filed' THEN ? ELSE NULL END,
                batch_run_id = CASE WHEN ? THEN ? ELSE batch_run_id END
          WHERE id = ?`,
      )
      .run(
        location,
        relPath,
        status,
        error ?? null,
        status,
        ctx.nowIso(),
        batchRunId === undefined ? 0 : 1,
        batchRunId ?? null,
        id,
      ).changes;
  } catch (e) {
    throw asConflict(ctx, e, null, relPath);
  }
  if (changes === 0) throw new Error(`No item ${id}`);
  return mustGet(ctx, id);
}

/** Adds a prediction (never replaces one: the latest counts) and moves a pending item to
 * 'classified' in the same transaction, so no reader sees one without the other. A prediction in
 * the high band may hold the item for a person (drift-queries.ts holdOnPrediction). */
export function addPrediction(ctx: DbContext, itemId: number, p: NewPrediction, t?: BandThresholds): Item {
  const features = p.features ? encodeFeatures(p.features) : null;
  return ctx.tx(() => {
    ctx
      .stmt(
        `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at,
           features, features_scale, logits, photo_kind, base_category, base_confidence, head_id, kind_logits, kind, image_stats)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        itemId,
        p.modelSha256,
        p.category,
        p.confidence,
        JSON.stringify(p.top3),
        p.latencyMs,
        p.createdAt ? toIsoUtc(p.createdAt) : ctx.nowIso(),
        features?.bytes ?? null,
        features?.scale ?? null,
        p.logits ? encodeLogits(p.logits) : null,
        p.photoKind ?? null,
        p.base?.category ?? p.category,
        p.base?.confidence ?? p.confidence,
        p.headId ?? null,
        p.kindLogits ? encodeLogits(p.kindLogits) : null,
        p.kind ? JSON.stringify(p.kind) : null,
        p.imageStats ? JSON.stringify(p.imageStats) : null,
      );
    ctx.stmt(`UPDATE items SET status = 'classified' WHERE id = ? AND status = 'pending'`).run(itemId);
    // The audit sample and drift holds: a photo it would auto-approve may go to a person instead.
    const th = t ?? getThresholds(ctx);
    holdOnPrediction(ctx, itemId, p.confidence, th.high);
    return mustGet(ctx, itemId, th);
  });
}

/** The latest prediction alone (e.g. to store an accept with the category the clerk saw). */
export function latestPrediction(ctx: DbContext, itemId: number): Prediction | null {
  const r = ctx
    .stmt(
      `SELECT model_sha256, category, confidence, top3, latency_ms, created_at, head_id, kind
         FROM predictions WHERE item_id = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(itemId);
  if (!r) return null;
  return {
    category: r.category as string,
    confidence: r.confidence as number,
    top3: JSON.parse(r.top3 as string) as Guess[],
    modelSha256: r.model_sha256 as string,
    latencyMs: r.latency_ms as number,
    createdAt: r.created_at as string,
    headId: (r.head_id as number | null) ?? null,
    kind: r.kind ? (JSON.parse(r.kind as string) as KindGuess) : null,
  };
}

/** What a prediction stored of the base model's reading (predictions since migration 003), for
 * classify/band-reading.ts to read again under today's temperatures. */
export interface StoredReading {
  logits: Float32Array;
  /** The kinds head's logits (predictions since migration 005, of models with a kinds output). */
  kindLogits: Float32Array | null;
  photoKind: 'studio' | 'photo';
  baseConfidence: number;
}

/** The base model's reading stored with an item's latest prediction, when it has one (logits and
 * photo kind: predictions since migration 003). */
export function latestReading(ctx: DbContext, itemId: number): StoredReading | null {
  const r = ctx
    .stmt(`SELECT logits, kind_logits, photo_kind, base_confidence FROM predictions WHERE item_id = ? ORDER BY id DESC LIMIT 1`)
    .get(itemId);
  if (!r?.logits || !r.photo_kind || r.base_confidence === null) return null;
  return {
    logits: decodeLogits(r.logits as Uint8Array),
    kindLogits: r.kind_logits ? decodeLogits(r.kind_logits as Uint8Array) : null,
    photoKind: r.photo_kind as StoredReading['photoKind'],
    baseConfidence: r.base_confidence as number,
  };
}

export function countItems(ctx: DbContext): number {
  return ctx.stmt('SELECT count(*) AS n FROM items').get()!.n as number;
}
