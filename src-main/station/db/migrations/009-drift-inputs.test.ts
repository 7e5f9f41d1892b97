// Migration 9 on a file at version 8 that holds a prediction: the prediction is kept, with no image
// statistics; the new column takes JSON only; a desk reference needs its runs and JSON.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 009: drift inputs', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(8);
  });
  afterEach(() => v.cleanup());

  let photos = 0;
  const insertPrediction = (imageStats?: string) => {
    const name = `a${++photos}.jpg`;
    const item = v.db
      .prepare(
        `INSERT INTO items (file_name, sha256, size_bytes, location, rel_path, status, received_at)
         VALUES (?, ?, 10, 'incoming', ?, 'classified', '2025-10-13T08:00:00.000Z')`,
      )
      .run(name, String(photos).padStart(64, '0'), `incoming/${name}`).lastInsertRowid;
    const cols = imageStats === undefined ? '' : ', image_stats';
    const vals = imageStats === undefined ? '' : ', ?';
    return v.db
      .prepare(
        `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at${cols})
         VALUES (?, ?, 'Tshirts', 0.9, '[]', 5, '2025-10-13T08:00:01.000Z'${vals})`,
      )
      .run(item, 'c'.repeat(64), ...(imageStats === undefined ? [] : [imageStats])).lastInsertRowid;
  };

  it('keeps an older prediction, with no image statistics', () => {
    const id = insertPrediction();
    v.migrateTo(9);
    expect(v.columns('predictions')).toContain('image_stats');
    expect(v.db.prepare('SELECT category, image_stats FROM predictions WHERE id = ?').get(id)).toEqual({
      category: 'Tshirts',
      image_stats: null,
    });
  });

  it('takes image statistics as JSON and nothing else', () => {
    v.migrateTo(9);
    expect(() => insertPrediction('{"brightness":0.4}')).not.toThrow();
    expect(() => insertPrediction('dark')).toThrow(/CHECK constraint failed/);
  });

  it('keeps a desk reference only with its runs and JSON', () => {
    v.migrateTo(9);
    const run = v.db
      .prepare(
        `INSERT INTO batch_runs (timestamp, started_at, status, trigger) VALUES ('20251013_020000', '2025-10-13T02:00:00.000Z', 'completed', 'scheduled')`,
      )
      .run().lastInsertRowid;
    const add = (reference: string, runId: number | bigint) =>
      v.db
        .prepare(
          `INSERT INTO drift_references (model_sha256, built_at, first_run_id, last_run_id, nights, photos, reference)
           VALUES (?, '2025-10-27T02:10:00.000Z', ?, ?, 14, 4200, ?)`,
        )
        .run('c'.repeat(64), runId, runId, reference);
    expect(() => add('{"photos":[]}', run)).not.toThrow();
    expect(() => add('not json', run)).toThrow(/CHECK constraint failed/);
  });
});
