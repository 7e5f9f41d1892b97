// What the nightly drift check reads and keeps (migration 9): a night's photos with what the
// classifier measured of them, and the desk's own drift reference. The reference is stored and read
// as JSON text here; its shape belongs to drift/ (db/ knows no folder above it).
import type { ImageStats } from '../../../src-shared/drift.ts';
import type { DbContext } from './db-context.ts';
import { LATEST_ANSWERS } from './drift-queries.ts';
import { decodeFeatures } from './features-codec.ts';

/** One photo of a night as the drift check reads it. `correct`: whether a person kept the model's
 * category (drift-queries.ts LATEST_ANSWERS), or true when it was auto-approved and nobody said
 * otherwise; absent while it waits for a person. */
export interface StoredNightPhoto {
  itemId: number;
  fileName: string;
  confidence: number;
  category: string;
  features?: Float32Array;
  imageStats: ImageStats;
  sizeBytes: number;
  batchRunId: number;
  correct?: boolean;
}

const NIGHT_PHOTOS = /* sql */ `
SELECT i.id, i.file_name, i.size_bytes, i.batch_run_id, i.held_for,
       p.category, p.confidence, p.features, p.features_scale, p.image_stats,
       CASE WHEN d.id IS NULL THEN NULL ELSE d.category IS p.category END AS kept
  FROM items i ${LATEST_ANSWERS}
 WHERE i.batch_run_id IN (SELECT value FROM json_each(?)) AND p.image_stats IS NOT NULL AND i.status = 'filed'
 ORDER BY i.id`;

/** The filed photos of these runs whose latest prediction carries image statistics. `high` is the
 * auto-approval threshold: an undecided photo above it that no one holds counts as right. */
export function nightPhotos(ctx: DbContext, runIds: readonly number[], high: number): StoredNightPhoto[] {
  return ctx
    .stmt(NIGHT_PHOTOS)
    .all(JSON.stringify(runIds))
    .map((r) => {
      const kept = r.kept as number | null;
      const autoApproved = r.held_for == null && (r.confidence as number) >= high;
      const correct = kept !== null ? kept === 1 : autoApproved ? true : undefined;
      const photo: StoredNightPhoto = {
        itemId: r.id as number,
        fileName: r.file_name as string,
        confidence: r.confidence as number,
        category: r.category as string,
        imageStats: JSON.parse(r.image_stats as string) as ImageStats,
        sizeBytes: r.size_bytes as number,
        batchRunId: r.batch_run_id as number,
        ...(correct === undefined ? {} : { correct }),
      };
      if (r.features) photo.features = decodeFeatures(r.features as Uint8Array, r.features_scale as number);
      return photo;
    });
}

/** The finished runs of this model, newest first, that filed at least `minPhotos` photos with image
 * statistics: the nights a desk reference is built from. */
export function settledNights(ctx: DbContext, modelSha256: string, minPhotos: number, limit: number): { runId: number; photos: number }[] {
  return ctx
    .stmt(
      `SELECT b.id AS run_id, count(*) AS photos
         FROM batch_runs b
         JOIN items i ON i.batch_run_id = b.id AND i.status = 'filed'
         JOIN predictions p ON p.id = (SELECT max(id) FROM predictions WHERE item_id = i.id)
        WHERE b.status IN ('completed', 'completed_with_errors') AND b.model_sha256 = ?
          AND p.model_sha256 = ? AND p.image_stats IS NOT NULL
        GROUP BY b.id HAVING count(*) >= ?
        ORDER BY b.id DESC LIMIT ?`,
    )
    .all(modelSha256, modelSha256, minPhotos, limit)
    .map((r) => ({ runId: r.run_id as number, photos: r.photos as number }));
}

export interface StoredDeskReference {
  id: number;
  builtAt: string;
  nights: number;
  photos: number;
  /** drift/drift-reference.ts DriftReference, as stored. */
  reference: unknown;
}

/** The desk's reference for this model, if it has one (the newest). */
export function deskReference(ctx: DbContext, modelSha256: string): StoredDeskReference | null {
  const r = ctx
    .stmt(`SELECT id, built_at, nights, photos, reference FROM drift_references WHERE model_sha256 = ? ORDER BY id DESC LIMIT 1`)
    .get(modelSha256);
  if (!r) return null;
  return {
    id: r.id as number,
    builtAt: r.built_at as string,
    nights: r.nights as number,
    photos: r.photos as number,
    reference: JSON.parse(r.reference as string) as unknown,
  };
}

export function storeDeskReference(
  ctx: DbContext,
  ref: { modelSha256: string; firstRunId: number; lastRunId: number; nights: number; photos: number; reference: unknown },
): number {
  return Number(
    ctx
      .stmt(
        `INSERT INTO drift_references (model_sha256, built_at, first_run_id, last_run_id, nights, photos, reference)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(ref.modelSha256, ctx.nowIso(), ref.firstRunId, ref.lastRunId, ref.nights, ref.photos, JSON.stringify(ref.reference))
      .lastInsertRowid,
  );
}
