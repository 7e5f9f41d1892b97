// Migration 3 on a file at version 2 that already holds predictions and decisions: old predictions
// keep their answers and simply have no features (they never become desk examples), the base model
// is in use, and only an accepted head can be put in use.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 003: desk learning', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(2);
  });
  afterEach(() => v.cleanup());
  const now = '2025-10-13T08:00:00.000Z';

  it('keeps the predictions on disk, adds the desk tables and starts with the base model', () => {
    const item = v.db
      .prepare(
        `INSERT INTO items (file_name, size_bytes, location, rel_path, received_at) VALUES ('a.jpg', 1, 'incoming', 'incoming/a.jpg', ?)`,
      )
      .run(now).lastInsertRowid;
    v.db
      .prepare(
        `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at) VALUES (?, ?, 'Tops', 0.4, '[]', 1, ?)`,
      )
      .run(item, 'c'.repeat(64), now);

    v.migrateTo(3);

    expect(v.columns('predictions')).toEqual(
      expect.arrayContaining(['features', 'features_scale', 'logits', 'photo_kind', 'base_category', 'base_confidence', 'head_id']),
    );
    expect(v.names('table')).toEqual(expect.arrayContaining(['desk_categories', 'desk_heads', 'desk_head_in_use']));
    expect(v.db.prepare('SELECT category, features FROM predictions').get()).toEqual({ category: 'Tops', features: null });
    expect(v.db.prepare('SELECT head_id FROM desk_head_in_use').get()).toEqual({ head_id: null });
  });

  it('refuses to put a refused head in use, and a second "in use" row', () => {
    v.migrateTo(3);
    const head = (accepted: 0 | 1) =>
      v.db
        .prepare(
          `INSERT INTO desk_heads (model_sha256, created_at, trigger, classes, weights, examples, check_examples, check_accuracy,
             base_check_accuracy, check_wrong_auto, base_check_wrong_auto, accepted, reason, last_decision_id)
           VALUES (?, ?, 'manual', '[]', x'00', 10, 3, 0.5, 0.5, 0, 0, ?, 'r', 13)`,
        )
        .run('c'.repeat(64), now, accepted).lastInsertRowid;
    const refused = head(0);
    const used = head(1);
    expect(() => v.db.prepare('UPDATE desk_head_in_use SET head_id = ?').run(refused)).toThrow(/only an accepted desk head/);
    v.db.prepare('UPDATE desk_head_in_use SET head_id = ?').run(used);
    expect(() => v.db.prepare(`INSERT INTO desk_head_in_use (one, head_id, chosen_at) VALUES (2, NULL, ?)`).run(now)).toThrow();
    expect(() =>
      v.db.prepare(`INSERT INTO desk_categories (name, created_at, created_by) VALUES ('trousers', ?, 'A')`).run(now),
    ).not.toThrow();
    expect(() => v.db.prepare(`INSERT INTO desk_categories (name, created_at, created_by) VALUES ('Trousers', ?, 'A')`).run(now)).toThrow();
  });
});
