// Migration 5 on a file at version 4 that holds a prediction: the prediction is kept as it was, with
// no kind, and the new kind column takes JSON only (predictions are append-only: each case inserts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 005: kinds', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(4);
  });
  afterEach(() => v.cleanup());

  const insertPrediction = () => {
    const item = v.db
      .prepare(
        `INSERT INTO items (file_name, sha256, size_bytes, location, rel_path, status, received_at)
         VALUES ('a.jpg', ?, 10, 'incoming', 'incoming/a.jpg', 'classified', '2025-10-13T08:00:00.000Z')`,
      )
      .run('a'.repeat(64)).lastInsertRowid;
    return v.db
      .prepare(
        `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at)
         VALUES (?, ?, 'Tshirts', 0.9, '[]', 5, '2025-10-13T08:00:01.000Z')`,
      )
      .run(item, 'c'.repeat(64)).lastInsertRowid;
  };

  it('keeps an older prediction, with no kind', () => {
    const id = insertPrediction();
    v.migrateTo(5);
    expect(v.columns('predictions')).toEqual(expect.arrayContaining(['kind_logits', 'kind']));
    expect(v.db.prepare('SELECT category, confidence, kind_logits, kind FROM predictions WHERE id = ?').get(id)).toEqual({
      category: 'Tshirts',
      confidence: 0.9,
      kind_logits: null,
      kind: null,
    });
  });

  it('takes a kind as JSON and nothing else', () => {
    v.migrateTo(5);
    const item = v.db.prepare('SELECT item_id FROM predictions WHERE id = ?').pluck().get(insertPrediction());
    const add = (kind: string) =>
      v.db
        .prepare(
          `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at, kind)
           VALUES (?, ?, 'Tshirts', 0.9, '[]', 5, '2025-10-13T08:00:02.000Z', ?)`,
        )
        .run(item, 'c'.repeat(64), kind);
    expect(() => add('{"label":"real:pants","name":"Trousers"}')).not.toThrow();
    expect(() => add('Trousers')).toThrow(/CHECK constraint failed/);
  });
});
